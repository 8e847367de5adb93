using System.Data.Common;
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

internal sealed class ListEventsQueryHandler(IDbConnectionFactory database, IClock clock) : IRequestHandler<ListEventsQuery, EventPage>
{
    private const string Scope = """
        FROM events e
        WHERE e.app_id = @AppId
          AND (CAST(@CursorAt AS timestamptz) IS NULL OR (e.received_at, e.id) < (@CursorAt, @CursorId))
        """;

    private const string Where = $"""
        {Scope}
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

    // The count of an occurred_at window in two parts that add up to CountSql's: the events received since the window
    // began (their days found by received_at, the occurred_at bound checked on each match rather than through the
    // BRIN index, which every range of those days matches), and those received before it that occurred in it (a
    // client's clock ahead of the server's), whose days the BRIN index rules out at once (docs/decisions/0032), their text
    // matched once the time bounds have ruled out the rest of those days (docs/decisions/0035).
    private static readonly string CountOccurredWindowSql = $"""
        SELECT (SELECT count(*) {Scope} AND e.received_at >= @OccurredFrom {EventFilterSql.ConditionsWithUnindexedOccurredFrom})
             + (SELECT count(*) {Scope} AND e.received_at < @OccurredFrom {EventFilterSql.ConditionsWithUnindexedText})
        """;

    // The newest occurred_at first, among the events that occurred since @RecentFrom.
    private const string RecentByOccurredSql = $"""
        SELECT {EventColumns.Select}
        {Where}
          AND e.occurred_at >= @RecentFrom
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT @Take OFFSET @Offset
        """;

    /// <summary>How far back from now (or occurred_to) a counted page ordered by occurred_at is looked for first.</summary>
    private static readonly TimeSpan RecentSpan = TimeSpan.FromHours(1);

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
            var countSql = request.Filter.OccurredFrom is null ? CountSql : CountOccurredWindowSql;
            total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, cancellationToken: cancellationToken));
            rows = await CountedPageAsync(connection, request, parameters, total.Value, cancellationToken);
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

    /// <summary>
    /// The page of a list whose total is known. A free-text search can match tens of thousands of events a day, and
    /// ordering them all by occurred_at to keep a page reads them all a second time after the count; the newest
    /// usually occurred within the last hour, so the page is looked for there first, and it is exact when it holds as
    /// many rows as the total says the page must (every event outside occurred before every event inside). Otherwise,
    /// and for received_at order (whose index stops after the page), the page is read from all of them (docs/decisions/0029).
    /// </summary>
    private async Task<List<EventDto>> CountedPageAsync(
        DbConnection connection, ListEventsQuery request, DynamicParameters parameters, long total, CancellationToken cancellationToken)
    {
        var expected = Math.Clamp(total - request.Paging.Offset, 0, request.Paging.Limit + 1);
        if (expected == 0)
        {
            return [];
        }

        if (request.Order == EventOrder.OccurredAt)
        {
            var recentFrom = (request.Filter.OccurredTo ?? clock.UtcNow) - RecentSpan;
            if (request.Filter.OccurredFrom is null || recentFrom > request.Filter.OccurredFrom)
            {
                parameters.Add("RecentFrom", recentFrom.UtcDateTime);
                var recent = (await connection.QueryAsync<EventDto>(new CommandDefinition(RecentByOccurredSql, parameters, cancellationToken: cancellationToken))).AsList();
                if (recent.Count == expected)
                {
                    return recent;
                }
            }
        }

        var sql = request.Order == EventOrder.OccurredAt ? ByOccurredSql : ByReceivedSql;
        return (await connection.QueryAsync<EventDto>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }
}
