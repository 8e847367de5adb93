using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Events.Queries.GetEvent;

/// <summary>One stored event of an app, by id.</summary>
public sealed record GetEventQuery(long AppId, long EventId) : IRequest<EventDto>;

internal sealed class GetEventQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetEventQuery, EventDto>
{
    private const string Sql = $"""
        SELECT {EventColumns.Select}
        FROM events e
        WHERE e.app_id = @AppId AND e.id = @EventId
        """;

    public async Task<EventDto> Handle(GetEventQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EventDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no event {request.EventId}.");
    }
}
