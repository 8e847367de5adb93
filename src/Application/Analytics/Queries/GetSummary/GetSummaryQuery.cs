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
    // aggregated from them (hash aggregates: a sorted count(DISTINCT) cost three times as much). Rows are
    // tagged by section. Ties are broken by byte order so that every instance (and the tests' oracle)
    // answers alike whatever the database's collation. Why raw events: docs/decisions/0016.
    private const string Sql = $"""
        WITH e AS MATERIALIZED (
            SELECT e.kind, e.name, e.user_id, e.session_id, e.received_at
            FROM events e
            WHERE {EventFilterSql.Apps}
            {EventFilterSql.Conditions}
        ), per_name AS (
            SELECT user_id, name, count(*) AS n, max(received_at) AS last
            FROM e
            WHERE user_id IS NOT NULL
            GROUP BY user_id, name
        ), per_user AS (
            SELECT user_id, sum(n)::bigint AS n, max(last) AS last,
                   coalesce(array_agg(name ORDER BY name COLLATE "C") FILTER (WHERE name IS NOT NULL), ARRAY[]::text[]) AS names
            FROM per_name
            GROUP BY user_id
        )
        SELECT 'total' AS Section, NULL AS Key, count(*) AS Count,
               (SELECT count(*) FROM (SELECT DISTINCT session_id FROM e WHERE session_id IS NOT NULL) AS s) AS Distinct,
               min(received_at) AS First, max(received_at) AS Last, NULL::text[] AS Names
        FROM e
        UNION ALL
        (SELECT 'kind', kind, count(*), NULL, NULL, NULL, NULL
         FROM e
         GROUP BY kind
         ORDER BY count(*) DESC, kind COLLATE "C")
        UNION ALL
        (SELECT 'name', name, count(*), NULL, NULL, NULL, NULL
         FROM e
         WHERE name IS NOT NULL
         GROUP BY name
         ORDER BY count(*) DESC, name COLLATE "C"
         LIMIT @TopNames)
        UNION ALL
        (SELECT 'user', user_id, n, count(*) OVER (), NULL, last, names
         FROM per_user
         ORDER BY n DESC, last DESC, user_id COLLATE "C"
         LIMIT @TopUsers)
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
