using System.Data;
using System.Data.Common;
using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Events;
using MediatR;

namespace Faultline.Application.Analytics.Queries.GetSummary;

/// <summary>
/// Product analytics over the events <see cref="Filter"/> selects (its since/until are the window) in one
/// app or several (null: every app). Exact: counted and de-duplicated over the raw events (decision record 0016),
/// or, for one app's whole window, over the hourly digests of its hours that are over and the raw events of the
/// rest (decision record 0037).
/// </summary>
public sealed record GetSummaryQuery(IReadOnlyList<long>? AppIds, EventFilter Filter, int TopNames = GetSummaryQuery.DefaultTopNames)
    : IRequest<SummaryDto>
{
    public const int DefaultTopNames = 10;
    public const int TopUsers = 10;
}

public sealed class SummaryDto
{
    public long TotalEvents { get; init; }

    public long UniqueUsers { get; init; }

    public long UniqueSessions { get; init; }

    /// <summary>total_events / unique_users; 0 when no event names a user.</summary>
    public double AvgEventsPerUser => UniqueUsers == 0 ? 0 : (double)TotalEvents / UniqueUsers;

    public DateTime? FirstEventAt { get; init; }

    public DateTime? LatestEventAt { get; init; }

    public IReadOnlyList<GroupCount> ByKind { get; init; } = [];

    public IReadOnlyList<GroupCount> ByName { get; init; } = [];

    public IReadOnlyList<UserActivity> TopUsers { get; init; } = [];
}

/// <summary>A kind or a name, how many events have it, and their share of all events in percent (unrounded).</summary>
public sealed class GroupCount
{
    public string Key { get; init; } = string.Empty;

    public long Count { get; init; }

    public double Percentage { get; set; }
}

public sealed class UserActivity
{
    public string UserId { get; init; } = string.Empty;

    public long EventCount { get; init; }

    public DateTime LastEventAt { get; init; }

    /// <summary>The distinct names of the user's events, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];
}

internal sealed class GetSummaryQueryHandler(IDbConnectionFactory database, IClock clock) : IRequestHandler<GetSummaryQuery, SummaryDto>
{
    // The answer's rows for the kinds and the top names, from counts: GROUPING SETS ((), (kind), (name)).
    private const string KindAndNameRows = """
        SELECT 'kind', kind, n, NULL, NULL, NULL, NULL
        FROM counts
        WHERE by_kind = 0
        UNION ALL
        (SELECT 'name', name, n, NULL, NULL, NULL, NULL
         FROM counts
         WHERE by_name = 0 AND name IS NOT NULL
         ORDER BY n DESC, name COLLATE "C"
         LIMIT @TopNames)
        """;

    // One read of the window: its events' narrow columns are materialized once, and every figure is
    // aggregated from them (hash aggregates: a sorted count(DISTINCT) cost three times as much); the total,
    // the kinds and the names come from one pass of grouping sets. The top users' names are gathered for
    // those ten users only, once they are chosen: counting every (user, name) pair first cost half the
    // statement (docs/decisions/0034). Rows are tagged by section. Ties are broken by byte order so that
    // every instance (and the tests' oracle) answers alike whatever the database's collation. Why raw
    // events: docs/decisions/0016.
    private const string Sql = $"""
        WITH e AS MATERIALIZED (
            SELECT e.kind, e.name, e.user_id, e.session_id, e.received_at
            FROM events e
            WHERE {EventFilterSql.Apps}
            {EventFilterSql.Conditions}
        ), per_user AS (
            SELECT user_id, count(*) AS n, max(received_at) AS last
            FROM e
            WHERE user_id IS NOT NULL
            GROUP BY user_id
        ), top_users AS (
            SELECT user_id, n, last, count(*) OVER () AS users
            FROM per_user
            ORDER BY n DESC, last DESC, user_id COLLATE "C"
            LIMIT @TopUsers
        ), top_user_names AS (
            SELECT user_id, array_agg(DISTINCT name COLLATE "C" ORDER BY name COLLATE "C") AS names
            FROM e
            WHERE name IS NOT NULL AND user_id IN (SELECT user_id FROM top_users)
            GROUP BY user_id
        ), counts AS (
            SELECT GROUPING(kind) AS by_kind, GROUPING(name) AS by_name, kind, name, count(*) AS n,
                   min(received_at) AS first, max(received_at) AS last
            FROM e
            GROUP BY GROUPING SETS ((), (kind), (name))
        )
        SELECT 'total' AS Section, NULL AS Key, n AS Count,
               (SELECT count(*) FROM (SELECT DISTINCT session_id FROM e WHERE session_id IS NOT NULL) AS s) AS Distinct,
               first AS First, last AS Last, NULL::text[] AS Names
        FROM counts
        WHERE by_kind = 1 AND by_name = 1
        UNION ALL
        {KindAndNameRows}
        UNION ALL
        SELECT 'user', t.user_id, t.n, t.users, NULL, t.last, coalesce(m.names, ARRAY[]::text[])
        FROM top_users t
        LEFT JOIN top_user_names m ON m.user_id = t.user_id
        """;

    /// <summary>
    /// How many of each hour's busiest users are the window's candidates for its top users. Every other user had at
    /// most as many events in each hour as that hour's user of this rank (the index analytics_hour_users_top_idx,
    /// migration 26, holds the first 50 ranks).
    /// </summary>
    private const int CandidateRanks = 50;

    private const string DigestStateSql = "SELECT built_from AS From, built_until AS Until FROM analytics_digest_state WHERE app_id = @AppId";

    // The digest statements are planned for each window: prepared (connections auto-prepare statements run often), their
    // generic plan, chosen after five runs, ignores where the window's edges fall and read far more (seconds, not
    // milliseconds; docs/decisions/0038).
    private const string CustomPlansSql = "SET LOCAL plan_cache_mode = force_custom_plan";

    // The app's analytics are read: its hours are digested from now on (migration 27). Written at most once a minute, and
    // outside the summary's snapshot, so that reads of a busy dashboard neither write nor wait on each other.
    private const string MarkReadSql = """
        INSERT INTO analytics_last_read (app_id, read_at)
        SELECT @AppId, @Now
        WHERE NOT EXISTS (SELECT 1 FROM analytics_last_read WHERE app_id = @AppId AND read_at > @Now - interval '1 minute')
        ON CONFLICT (app_id) DO UPDATE SET read_at = excluded.read_at
        """;

    // The window's events outside the digested hours [DigestFrom, DigestTo): its raw start and its raw end.
    private const string RawEdges = """
        raw AS MATERIALIZED (
            SELECT e.kind, e.name, e.user_id, e.session_id, e.received_at
            FROM events e
            WHERE e.app_id = @AppId AND (CAST(@Since AS timestamptz) IS NULL OR e.received_at >= @Since) AND e.received_at < @DigestFrom
            UNION ALL
            SELECT e.kind, e.name, e.user_id, e.session_id, e.received_at
            FROM events e
            WHERE e.app_id = @AppId AND e.received_at >= @DigestTo AND (CAST(@Until AS timestamptz) IS NULL OR e.received_at < @Until)
        )
        """;

    // The same answer as Sql for one app and a window, in two statements run side by side on two connections that share
    // one snapshot (docs/decisions/0038): whole digested hours [DigestFrom, DigestTo) from the digests (migration 26),
    // the rest of the window from the raw events (raw). Distinct users and sessions: those of the digested hours last
    // seen before them, and those of the raw events seen in none of them. Whether a raw event's user or session was seen
    // in the digested hours is looked up in them only when cheaper ways do not apply: those of the window's first,
    // partial hour (FirstEdgeHour, digested) seen again later are those whose next digested hour says it was their
    // previous one; and those tracked after the digests (LiveTracked: the window reaches the last digested hour) carry
    // the hour each was last seen before them (docs/decisions/0037).

    // The totals, the kinds, the names and the distinct sessions.
    private const string DigestTotalsSql = $"""
        WITH {RawEdges}, named AS (
            SELECT kind, name, sum(events) AS n, min(first_at) AS first, max(last_at) AS last
            FROM analytics_hour_names
            WHERE app_id = @AppId AND hour >= @DigestFrom AND hour < @DigestTo
            GROUP BY kind, name
            UNION ALL
            SELECT kind, name, count(*), min(received_at), max(received_at)
            FROM raw
            GROUP BY kind, name
        ), counts AS (
            SELECT GROUPING(kind) AS by_kind, GROUPING(name) AS by_name, kind, name, CAST(coalesce(sum(n), 0) AS bigint) AS n,
                   min(first) AS first, max(last) AS last
            FROM named
            GROUP BY GROUPING SETS ((), (kind), (name))
        ), raw_sessions AS (
            SELECT session_id, bool_or(received_at < @DigestFrom) AS first_edge
            FROM raw
            WHERE session_id IS NOT NULL
            GROUP BY session_id
        ), came_back_sessions AS MATERIALIZED (
            SELECT session_id
            FROM analytics_hour_sessions
            WHERE app_id = @AppId AND previous_hour = @FirstEdgeHour AND hour < @DigestTo
        ), live_sessions AS MATERIALIZED (
            SELECT DISTINCT ON (id) id AS session_id, previous_hour
            FROM analytics_live_subjects
            WHERE @LiveTracked AND app_id = @AppId AND subject = 's'
            ORDER BY id, hour
        ), sessions AS (
            SELECT (SELECT CAST(coalesce(sum(count), 0) AS bigint)
                    FROM analytics_hour_returns
                    WHERE app_id = @AppId AND subject = 's' AND hour >= @DigestFrom AND hour < @DigestTo
                      AND (previous_hour IS NULL OR previous_hour < @DigestFrom))
                 + count(*) AS n
            FROM raw_sessions r
            LEFT JOIN live_sessions l ON l.session_id = r.session_id
            WHERE CASE WHEN r.first_edge AND CAST(@FirstEdgeHour AS timestamptz) IS NOT NULL
                           THEN r.session_id NOT IN (SELECT session_id FROM came_back_sessions)
                       WHEN l.session_id IS NOT NULL AND NOT r.first_edge
                           THEN l.previous_hour IS NULL OR l.previous_hour < @DigestFrom
                       ELSE NOT EXISTS (SELECT 1 FROM analytics_hour_sessions d
                                        WHERE d.app_id = @AppId AND d.session_id = r.session_id AND d.hour >= @DigestFrom AND d.hour < @DigestTo)
                  END
        )
        SELECT 'total' AS Section, NULL AS Key, n AS Count, (SELECT n FROM sessions) AS Distinct,
               first AS First, last AS Last, NULL::text[] AS Names
        FROM counts
        WHERE by_kind = 1 AND by_name = 1
        UNION ALL
        {KindAndNameRows}
        """;

    // The distinct users and the top users. Top users: the candidates are each digested hour's first ranks and the raw
    // events' busiest users, counted exactly; no one else can have more events than the sum, over the digested hours,
    // of the events of the user at the last candidate rank, plus the raw events' busiest user at that rank (bound). The
    // caller keeps the answer when its tenth user has more than that, and otherwise counts from the raw events.
    private const string DigestUsersSql = $"""
        WITH {RawEdges}, raw_users AS (
            SELECT user_id, count(*) AS n, max(received_at) AS last, bool_or(received_at < @DigestFrom) AS first_edge
            FROM raw
            WHERE user_id IS NOT NULL
            GROUP BY user_id
        ), came_back_users AS MATERIALIZED (
            SELECT user_id
            FROM analytics_hour_users
            WHERE app_id = @AppId AND previous_hour = @FirstEdgeHour AND hour < @DigestTo
        ), live_users AS MATERIALIZED (
            SELECT DISTINCT ON (id) id AS user_id, previous_hour
            FROM analytics_live_subjects
            WHERE @LiveTracked AND app_id = @AppId AND subject = 'u'
            ORDER BY id, hour
        ), first_seen AS (
            SELECT CAST(coalesce(sum(count), 0) AS bigint) AS users
            FROM analytics_hour_returns
            WHERE app_id = @AppId AND subject = 'u' AND hour >= @DigestFrom AND hour < @DigestTo
              AND (previous_hour IS NULL OR previous_hour < @DigestFrom)
        ), users AS (
            SELECT (SELECT users FROM first_seen) + count(*) AS n
            FROM raw_users r
            LEFT JOIN live_users l ON l.user_id = r.user_id
            WHERE CASE WHEN r.first_edge AND CAST(@FirstEdgeHour AS timestamptz) IS NOT NULL
                           THEN r.user_id NOT IN (SELECT user_id FROM came_back_users)
                       WHEN l.user_id IS NOT NULL AND NOT r.first_edge
                           THEN l.previous_hour IS NULL OR l.previous_hour < @DigestFrom
                       ELSE NOT EXISTS (SELECT 1 FROM analytics_hour_users d
                                        WHERE d.app_id = @AppId AND d.user_id = r.user_id AND d.hour >= @DigestFrom AND d.hour < @DigestTo)
                  END
        ), candidates AS (
            SELECT user_id
            FROM analytics_hour_users
            WHERE app_id = @AppId AND hour >= @DigestFrom AND hour < @DigestTo AND rank <= @Candidates
            UNION
            (SELECT user_id FROM raw_users ORDER BY n DESC LIMIT @Candidates)
        ), top_users AS (
            SELECT c.user_id, coalesce(d.n, 0) + coalesce(r.n, 0) AS n, greatest(d.last, r.last) AS last
            FROM candidates c
            CROSS JOIN LATERAL (SELECT CAST(sum(events) AS bigint) AS n, max(last_at) AS last
                                FROM analytics_hour_users d
                                WHERE d.app_id = @AppId AND d.user_id = c.user_id AND d.hour >= @DigestFrom AND d.hour < @DigestTo) AS d
            LEFT JOIN raw_users r ON r.user_id = c.user_id
            ORDER BY 2 DESC, 3 DESC, c.user_id COLLATE "C"
            LIMIT @TopUsers
        ), raw_top_user_names AS MATERIALIZED (
            SELECT DISTINCT user_id, name
            FROM raw
            WHERE name IS NOT NULL AND user_id IN (SELECT user_id FROM top_users)
        ), top_user_names AS (
            SELECT t.user_id, array_agg(DISTINCT x.name COLLATE "C" ORDER BY x.name COLLATE "C") AS names
            FROM top_users t
            CROSS JOIN LATERAL (
                SELECT unnest(d.names)
                FROM analytics_hour_users d
                WHERE d.app_id = @AppId AND d.user_id = t.user_id AND d.hour >= @DigestFrom AND d.hour < @DigestTo
                UNION ALL
                SELECT r.name FROM raw_top_user_names r WHERE r.user_id = t.user_id) AS x (name)
            GROUP BY t.user_id
        ), bound AS (
            SELECT (SELECT coalesce(sum(events), 0)
                    FROM analytics_hour_users
                    WHERE app_id = @AppId AND hour >= @DigestFrom AND hour < @DigestTo AND rank = @Candidates)
                 + coalesce((SELECT n FROM raw_users ORDER BY n DESC OFFSET @Candidates - 1 LIMIT 1), 0) AS n
        )
        SELECT 'user' AS Section, t.user_id AS Key, t.n AS Count, (SELECT n FROM users) AS Distinct,
               CAST(NULL AS timestamptz) AS First, t.last AS Last, coalesce(m.names, ARRAY[]::text[]) AS Names
        FROM top_users t
        LEFT JOIN top_user_names m ON m.user_id = t.user_id
        UNION ALL
        SELECT 'bound', NULL, CAST(n AS bigint), NULL, NULL, NULL, NULL
        FROM bound
        """;

    public async Task<SummaryDto> Handle(GetSummaryQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (request.AppIds is [var appId])
        {
            await connection.EnsureAppExistsAsync(appId, cancellationToken);
            // Only a window: the digests hold every figure. One snapshot for the digested hours and what they cover.
            if (request.Filter with { Since = null, Until = null } == EventFilter.None)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    MarkReadSql, new { AppId = appId, Now = clock.UtcNow.UtcDateTime }, cancellationToken: cancellationToken));
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(CustomPlansSql, transaction: transaction, cancellationToken: cancellationToken));
                var digested = await connection.QuerySingleOrDefaultAsync<DigestedHours>(new CommandDefinition(
                    DigestStateSql, new { AppId = appId }, transaction, cancellationToken: cancellationToken));
                List<Row>? rows = null;
                if (digested?.Within(request.Filter.Since, request.Filter.Until) is { } span)
                {
                    var snapshot = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                        "SELECT pg_export_snapshot()", transaction: transaction, cancellationToken: cancellationToken));
                    var totalsRead = QueryInSnapshotAsync(snapshot!, DigestTotalsSql, request, span, cancellationToken);
                    var usersRead = QueryAsync(connection, transaction, DigestUsersSql, request, span, cancellationToken);
                    // Both finish before this transaction ends: the other connection imports its snapshot.
                    await Task.WhenAll(totalsRead, usersRead);
                    rows = [.. await totalsRead, .. await usersRead];
                }

                // The digests' top users hold only when no user outside each hour's first ranks can reach them.
                if (rows is null || !TopUsersProven(rows))
                {
                    rows = await QueryAsync(connection, transaction, Sql, request, null, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return Summarize(rows);
            }
        }

        return Summarize(await QueryAsync(connection, null, Sql, request, null, cancellationToken));
    }

    private static async Task<List<Row>> QueryAsync(
        DbConnection connection, DbTransaction? transaction, string sql, GetSummaryQuery request, DigestSpan? span, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(sql, Parameters(request, span), transaction, cancellationToken: cancellationToken))).AsList();

    /// <summary>A statement on a connection of its own, in the snapshot another transaction exported.</summary>
    private async Task<List<Row>> QueryInSnapshotAsync(
        string snapshot, string sql, GetSummaryQuery request, DigestSpan span, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        // SET TRANSACTION SNAPSHOT takes a literal only; the identifier is PostgreSQL's own (hex digits and dashes).
        await connection.ExecuteAsync(new CommandDefinition(
            $"SET TRANSACTION SNAPSHOT '{snapshot}'; {CustomPlansSql}", transaction: transaction, cancellationToken: cancellationToken));
        var rows = await QueryAsync(connection, transaction, sql, request, span, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static DynamicParameters Parameters(GetSummaryQuery request, DigestSpan? span)
    {
        var parameters = EventFilterSql.Parameters(request.Filter, request.AppIds);
        parameters.AddDynamicParams(new { request.TopNames, GetSummaryQuery.TopUsers, Candidates = CandidateRanks });
        if (span is { } digested)
        {
            parameters.AddDynamicParams(new
            {
                AppId = request.AppIds![0], DigestFrom = digested.From, DigestTo = digested.To, digested.FirstEdgeHour, digested.LiveTracked,
            });
        }

        return parameters;
    }

    private static bool TopUsersProven(List<Row> rows)
    {
        var bound = rows.Single(row => row.Section == "bound").Count;
        var users = rows.Where(row => row.Section == "user").ToList();
        return bound == 0 || (users.Count == GetSummaryQuery.TopUsers && users.Min(user => user.Count) > bound);
    }

    private static SummaryDto Summarize(List<Row> rows)
    {
        var totals = rows.Single(row => row.Section == "total");
        // A union keeps no order of its own: each section is put back in the order its SQL chose.
        var users = rows.Where(row => row.Section == "user")
            .OrderByDescending(row => row.Count).ThenByDescending(row => row.Last).ThenBy(row => row.Key, StringComparer.Ordinal).ToList();
        List<GroupCount> Groups(string section) => rows.Where(row => row.Section == section)
            .OrderByDescending(row => row.Count).ThenBy(row => row.Key, StringComparer.Ordinal).Select(row => new GroupCount
        {
            Key = row.Key!, Count = row.Count, Percentage = totals.Count == 0 ? 0 : row.Count * 100.0 / totals.Count,
        }).ToList();

        return new SummaryDto
        {
            TotalEvents = totals.Count,
            UniqueUsers = users.Count == 0 ? 0 : users[0].Distinct ?? 0,
            UniqueSessions = totals.Distinct ?? 0,
            FirstEventAt = totals.First,
            LatestEventAt = totals.Last,
            ByKind = Groups("kind"),
            ByName = Groups("name"),
            TopUsers = users.Select(user => new UserActivity
            {
                UserId = user.Key!, EventCount = user.Count, LastEventAt = user.Last!.Value, Names = user.Names ?? [],
            }).ToList(),
        };
    }

    /// <summary>The whole digested hours [From, To) inside a window, and how its raw edges are matched against them.</summary>
    /// <param name="From">The first digested hour inside the window.</param>
    /// <param name="To">The end of the last one.</param>
    /// <param name="FirstEdgeHour">The digested hour that holds all of the window's raw start, if there is one.</param>
    /// <param name="LiveTracked">Whether the window's raw end starts where the digests end, so that its users are tracked.</param>
    private sealed record DigestSpan(DateTime From, DateTime To, DateTime? FirstEdgeHour, bool LiveTracked);

    /// <summary>An app's digested hours [From, Until).</summary>
    private sealed class DigestedHours
    {
        public DateTime From { get; init; }

        public DateTime Until { get; init; }

        /// <summary>The whole digested hours inside [since, until), or null when there are none.</summary>
        public DigestSpan? Within(DateTimeOffset? since, DateTimeOffset? until)
        {
            var from = since is { } start ? Max(CeilingHour(start.UtcDateTime), From) : From;
            var to = until is { } end ? Min(FloorHour(end.UtcDateTime), Until) : Until;
            if (from >= to)
            {
                return null;
            }

            var hourBefore = from.AddHours(-1);
            var firstEdgeHour = since is { } first && first.UtcDateTime >= hourBefore && hourBefore >= From ? hourBefore : (DateTime?)null;
            return new DigestSpan(from, to, firstEdgeHour, LiveTracked: to == Until);
        }

        private static DateTime FloorHour(DateTime instant) => new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

        private static DateTime CeilingHour(DateTime instant) => FloorHour(instant) == instant ? instant : FloorHour(instant).AddHours(1);

        private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    }

    /// <summary>
    /// One row of the answer: the totals (Distinct: sessions), a kind, a name, a user (Distinct: all users), or, from the
    /// digests, the most events a user outside the candidates can have (bound).
    /// </summary>
    private sealed class Row
    {
        public string Section { get; init; } = string.Empty;

        public string? Key { get; init; }

        public long Count { get; init; }

        public long? Distinct { get; init; }

        public DateTime? First { get; init; }

        public DateTime? Last { get; init; }

        public string[]? Names { get; init; }
    }
}
