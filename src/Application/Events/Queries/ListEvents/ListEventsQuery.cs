using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using MediatR;

namespace Faultline.Application.Events.Queries.ListEvents;

/// <summary>Events of one app, newest first (received_at, then id), filtered on received_at.</summary>
public sealed record ListEventsQuery(long AppId, Paging Paging, Level? Level, DateTimeOffset? Since, DateTimeOffset? Until, EventCursor? Cursor = null)
    : IRequest<EventPage>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;
}

public sealed class EventPage
{
    public IReadOnlyList<EventDto> Items { get; init; } = [];

    public long? NextOffset { get; init; }

    /// <summary>Where the next page starts, for deep paging; null when there is nothing more.</summary>
    public string? NextCursor { get; init; }
}

internal sealed class ListEventsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListEventsQuery, EventPage>
{
    // One row beyond the page tells whether there is a next page without a count(*).
    private const string Sql = $"""
        SELECT {EventColumns.Select}
        FROM events
        WHERE app_id = @AppId
          AND (CAST(@CursorAt AS timestamptz) IS NULL OR (received_at, id) < (@CursorAt, @CursorId))
          AND (CAST(@Level AS text) IS NULL OR level = @Level)
          AND (CAST(@Since AS timestamptz) IS NULL OR received_at >= @Since)
          AND (CAST(@Until AS timestamptz) IS NULL OR received_at < @Until)
        ORDER BY received_at DESC, id DESC
        LIMIT @Take OFFSET @Offset
        """;

    public async Task<EventPage> Handle(ListEventsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var rows = (await connection.QueryAsync<EventDto>(new CommandDefinition(Sql, new
        {
            request.AppId,
            Level = request.Level?.Name(),
            Since = request.Since?.UtcDateTime,
            Until = request.Until?.UtcDateTime,
            CursorAt = request.Cursor?.ReceivedAt,
            CursorId = request.Cursor?.Id ?? 0,
            Take = request.Paging.Limit + 1,
            request.Paging.Offset,
        }, cancellationToken: cancellationToken))).AsList();

        var hasMore = Pages.TrimExtraRow(rows, request.Paging);

        return new EventPage
        {
            Items = rows,
            NextOffset = hasMore ? request.Paging.Offset + rows.Count : null,
            NextCursor = hasMore ? new EventCursor(rows[^1].ReceivedAt, rows[^1].Id).Encode() : null,
        };
    }
}
