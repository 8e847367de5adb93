using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Stats.Queries.GetTopMessages;

public sealed record GetTopMessagesQuery(long AppId, TimeWindow Window, int Limit, Level? Level) : IRequest<TopMessagesDto>
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
}

public sealed class TopMessagesDto
{
    public int Limit { get; init; }

    public IReadOnlyList<MessageCount> Items { get; init; } = [];
}

public sealed class MessageCount
{
    public string Message { get; init; } = string.Empty;

    public long Count { get; init; }

    public DateTime LastSeen { get; init; }
}

internal sealed class GetTopMessagesQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetTopMessagesQuery, TopMessagesDto>
{
    private const string Sql = """
        SELECT message AS Message, count(*) AS Count, max(received_at) AS LastSeen
        FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Level AS text) IS NULL OR level = @Level)
        GROUP BY message
        ORDER BY count(*) DESC, max(received_at) DESC, message
        LIMIT @Limit
        """;

    public async Task<TopMessagesDto> Handle(GetTopMessagesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var items = await connection.QueryAsync<MessageCount>(new CommandDefinition(Sql, new
        {
            request.AppId,
            Since = request.Window.Since.UtcDateTime,
            Until = request.Window.Until.UtcDateTime,
            Level = request.Level?.Name(),
            request.Limit,
        }, cancellationToken: cancellationToken));

        return new TopMessagesDto { Limit = request.Limit, Items = items.AsList() };
    }
}
