using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Events;
using MediatR;

namespace Faultline.Application.Analytics.Queries.GetSummary;

/// <summary>
/// Product analytics over the events <see cref="Filter"/> selects (its since/until are the window) in one
/// app or several (null: every app). Exact: counted and de-duplicated over the raw events (decision record 0016).
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

internal sealed class GetSummaryQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetSummaryQuery, SummaryDto>
{
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
        SELECT 'kind', kind, n, NULL, NULL, NULL, NULL
        FROM counts
        WHERE by_kind = 0
        UNION ALL
        (SELECT 'name', name, n, NULL, NULL, NULL, NULL
         FROM counts
         WHERE by_name = 0 AND name IS NOT NULL
         ORDER BY n DESC, name COLLATE "C"
         LIMIT @TopNames)
        UNION ALL
        SELECT 'user', t.user_id, t.n, t.users, NULL, t.last, coalesce(m.names, ARRAY[]::text[])
        FROM top_users t
        LEFT JOIN top_user_names m ON m.user_id = t.user_id
        """;

    public async Task<SummaryDto> Handle(GetSummaryQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (request.AppIds is [var appId])
        {
            await connection.EnsureAppExistsAsync(appId, cancellationToken);
        }

        var parameters = EventFilterSql.Parameters(request.Filter, request.AppIds);
        parameters.AddDynamicParams(new { request.TopNames, GetSummaryQuery.TopUsers });
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken))).AsList();
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

    /// <summary>One row of the answer: the totals (Distinct: sessions), a kind, a name, or a user (Distinct: all users).</summary>
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
