using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Events.Queries.ListEvents;

/// <summary>Which time an event list is ordered by, newest first (then by id).</summary>
public enum EventOrder
{
    ReceivedAt,
    OccurredAt,
}

/// <summary>
/// Events of one app, newest first, through <see cref="EventFilter"/>. A cursor continues a list ordered by
/// received_at; <paramref name="CountTotal"/> adds the number of matching events (for clients that page by number).
/// </summary>
public sealed record ListEventsQuery(
    long AppId, Paging Paging, EventFilter Filter, EventCursor? Cursor = null, EventOrder Order = EventOrder.ReceivedAt, bool CountTotal = false)
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

    /// <summary>Every matching event, when asked for.</summary>
    public long? Total { get; init; }
}

internal sealed class ListEventsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListEventsQuery, EventPage>
{
    private const string Where = $"""
        FROM events e
        WHERE e.app_id = @AppId
          AND (CAST(@CursorAt AS timestamptz) IS NULL OR (e.received_at, e.id) < (@CursorAt, @CursorId))
        {EventFilterSql.Conditions}
        """;

    // One row beyond the page tells whether there is a next page without a count(*).
    private const string ByReceivedSql = $"""
        SELECT {EventColumns.Select}
        {Where}
        ORDER BY e.received_at DESC, e.id DESC
        LIMIT @Take OFFSET @Offset
        """;

    private const string ByOccurredSql = $"""
        SELECT {EventColumns.Select}
        {Where}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT @Take OFFSET @Offset
        """;

    private const string CountSql = $"SELECT count(*) {Where}";

    // With a total, the matching events are read once, narrow, for both the count and the page (a free-text
    // search can match tens of thousands of events a day: two passes cost twice, docs/decisions/0025); only
    // the page's events are then read whole. The total rides on each row of the page.
    private const string CountedSql = $"""
        WITH matches AS MATERIALIZED (
            SELECT e.id, e.received_at, e.occurred_at
            {Where}
        ), page AS (
            SELECT id, received_at, occurred_at
            FROM matches
            ORDER BY CASE WHEN @ByOccurred THEN occurred_at ELSE received_at END DESC, id DESC
            LIMIT @Take OFFSET @Offset
        )
        SELECT (SELECT count(*) FROM matches) AS Total, {EventColumns.Select}
        FROM page p
        JOIN events e ON e.app_id = @AppId AND e.id = p.id AND e.received_at = p.received_at
        ORDER BY CASE WHEN @ByOccurred THEN p.occurred_at ELSE p.received_at END DESC, p.id DESC
        """;

    public async Task<EventPage> Handle(ListEventsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var parameters = EventFilterSql.Parameters(request.Filter, null);
        parameters.AddDynamicParams(new
        {
            request.AppId,
            CursorAt = request.Cursor?.ReceivedAt,
            CursorId = request.Cursor?.Id ?? 0,
            Take = request.Paging.Limit + 1,
            request.Paging.Offset,
        });
        List<EventDto> rows;
        long? total = null;
        if (request.CountTotal)
        {
            parameters.Add("ByOccurred", request.Order == EventOrder.OccurredAt);
            long counted = 0;
            rows = (await connection.QueryAsync<Counted, EventDto, EventDto>(
                new CommandDefinition(CountedSql, parameters, cancellationToken: cancellationToken),
                (count, row) =>
                {
                    counted = count.Total;
                    return row;
                },
                splitOn: nameof(EventDto.Id))).AsList();
            // A page past the end has no row to carry the total.
            total = rows.Count > 0 || request.Paging.Offset == 0
                ? counted
                : await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, parameters, cancellationToken: cancellationToken));
        }
        else
        {
            var sql = request.Order == EventOrder.OccurredAt ? ByOccurredSql : ByReceivedSql;
            rows = (await connection.QueryAsync<EventDto>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        }

        var hasMore = Pages.TrimExtraRow(rows, request.Paging);

        return new EventPage
        {
            Items = rows,
            NextOffset = hasMore ? request.Paging.Offset + rows.Count : null,
            NextCursor = hasMore && request.Order == EventOrder.ReceivedAt ? new EventCursor(rows[^1].ReceivedAt, rows[^1].Id).Encode() : null,
            Total = total,
        };
    }

    private sealed class Counted
    {
        public long Total { get; init; }
    }
}
