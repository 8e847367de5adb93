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
    // matched once the time bounds have ruled out the rest of those days (docs/decisions/0035). The two are counted
    // side by side on two connections (docs/decisions/0038).
    private static readonly string CountReceivedInOccurredWindowSql =
        $"SELECT count(*) {Scope} AND e.received_at >= @OccurredFrom {EventFilterSql.ConditionsWithUnindexedOccurredFrom}";

    private static readonly string CountAheadOfOccurredWindowSql =
        $"SELECT count(*) {Scope} AND e.received_at < @OccurredFrom {EventFilterSql.ConditionsWithUnindexedText}";

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
        List<EventDto> rows;
        long? total = null;
        if (request.CountTotal)
        {
            // The count reads every match and the page only the newest: the page is looked for while the count runs.
            var recentRead = RecentFrom(request) is { } recentFrom
                ? ReadRecentAsync(request, recentFrom, cancellationToken)
                : Task.FromResult<List<EventDto>?>(null);
            var counted = request.Filter.OccurredFrom is null
                ? CountAsync(connection, CountSql, request, cancellationToken)
                : CountOccurredWindowAsync(connection, request, cancellationToken);
            await Task.WhenAll(recentRead, counted);
            total = await counted;
            rows = await CountedPageAsync(connection, request, total.Value, await recentRead, cancellationToken);
        }
        else
        {
            var sql = request.Order == EventOrder.OccurredAt ? ByOccurredSql : ByReceivedSql;
            rows = (await connection.QueryAsync<EventDto>(new CommandDefinition(sql, Parameters(request), cancellationToken: cancellationToken))).AsList();
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

    /// <summary>The filter's parameters and the page's (each statement gets its own, as some run side by side).</summary>
    private static DynamicParameters Parameters(ListEventsQuery request)
    {
        var parameters = EventFilterSql.Parameters(request.Filter, null);
        parameters.AddDynamicParams(new
        {
            request.AppId,
            CursorAt = request.Cursor?.ReceivedAt,
            CursorId = request.Cursor?.Id ?? 0,
            Take = request.Paging.Limit + 1,
            request.Paging.Offset,
        });
        return parameters;
    }

    private static Task<long> CountAsync(DbConnection connection, string sql, ListEventsQuery request, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, Parameters(request), cancellationToken: cancellationToken));

    /// <summary>The two parts of an occurred_at window's count, the clocks-ahead part on a connection of its own.</summary>
    private async Task<long> CountOccurredWindowAsync(DbConnection connection, ListEventsQuery request, CancellationToken cancellationToken)
    {
        var ahead = CountOnOwnConnectionAsync(CountAheadOfOccurredWindowSql, request, cancellationToken);
        var received = CountAsync(connection, CountReceivedInOccurredWindowSql, request, cancellationToken);
        await Task.WhenAll(ahead, received);
        return await received + await ahead;
    }

    private async Task<long> CountOnOwnConnectionAsync(string sql, ListEventsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await CountAsync(connection, sql, request, cancellationToken);
    }

    /// <summary>
    /// Where a counted page ordered by occurred_at is looked for first: the last hour before now (or occurred_to), when
    /// that lies inside the window. Null for received_at order, whose index stops after the page.
    /// </summary>
    private DateTimeOffset? RecentFrom(ListEventsQuery request)
    {
        if (request.Order != EventOrder.OccurredAt)
        {
            return null;
        }

        var recentFrom = (request.Filter.OccurredTo ?? clock.UtcNow) - RecentSpan;
        return request.Filter.OccurredFrom is null || recentFrom > request.Filter.OccurredFrom ? recentFrom : null;
    }

    private async Task<List<EventDto>?> ReadRecentAsync(ListEventsQuery request, DateTimeOffset recentFrom, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = Parameters(request);
        parameters.Add("RecentFrom", recentFrom.UtcDateTime);
        return (await connection.QueryAsync<EventDto>(new CommandDefinition(RecentByOccurredSql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// The page of a list whose total is known. A free-text search can match tens of thousands of events a day, and
    /// ordering them all by occurred_at to keep a page reads them all a second time after the count; the newest
    /// usually occurred within the last hour (<paramref name="recent"/>, read beside the count), and that page is exact
    /// when it holds as many rows as the total says the page must (every event outside occurred before every event
    /// inside). Otherwise, and for received_at order, the page is read from all of them (docs/decisions/0029).
    /// </summary>
    private static async Task<List<EventDto>> CountedPageAsync(
        DbConnection connection, ListEventsQuery request, long total, List<EventDto>? recent, CancellationToken cancellationToken)
    {
        var expected = Math.Clamp(total - request.Paging.Offset, 0, request.Paging.Limit + 1);
        if (expected == 0)
        {
            return [];
        }

        if (recent?.Count == expected)
        {
            return recent;
        }

        var sql = request.Order == EventOrder.OccurredAt ? ByOccurredSql : ByReceivedSql;
        return (await connection.QueryAsync<EventDto>(new CommandDefinition(sql, Parameters(request), cancellationToken: cancellationToken))).AsList();
    }
}
