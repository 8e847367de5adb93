using System.Text.Json;
using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using MediatR;

namespace Faultline.Application.Events.Commands.IngestEvent;

/// <summary>Stores one event for an app whose ingest key has already been checked.</summary>
public sealed record IngestEventCommand(long AppId, NewEvent Event) : IRequest<IngestedEventDto>;

public sealed class IngestedEventDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public DateTime ReceivedAt { get; init; }
}

internal sealed class IngestEventCommandHandler(IDbConnectionFactory database, IClock clock)
    : IRequestHandler<IngestEventCommand, IngestedEventDto>
{
    private const string Sql = """
        INSERT INTO events (app_id, occurred_at, received_at, level, message, stack, tags)
        VALUES (@AppId, @OccurredAt, @ReceivedAt, @Level, @Message, CAST(@Stack AS jsonb), CAST(@Tags AS jsonb))
        RETURNING id AS Id, app_id AS AppId, received_at AS ReceivedAt
        """;

    public async Task<IngestedEventDto> Handle(IngestEventCommand request, CancellationToken cancellationToken)
    {
        var item = request.Event;
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<IngestedEventDto>(new CommandDefinition(Sql, new
        {
            request.AppId,
            OccurredAt = item.OccurredAt.UtcDateTime,
            ReceivedAt = clock.UtcNow.UtcDateTime,
            Level = item.Level.Name(),
            item.Message,
            Stack = item.StackJson,
            Tags = item.Tags is null ? null : JsonSerializer.Serialize(item.Tags),
        }, cancellationToken: cancellationToken));
    }
}
