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
    private const string Events = $"""
        FROM events e
        WHERE {EventFilterSql.Apps}
        {EventFilterSql.Conditions}
        """;

    // Four reads of the window in one round trip. Ties are broken by byte order so that every instance
    // (and the tests' oracle) answers alike whatever the database's collation.
    private const string Sql = $"""
        SELECT count(*) AS TotalEvents, count(DISTINCT e.session_id) AS UniqueSessions,
               min(e.received_at) AS FirstEventAt, max(e.received_at) AS LatestEventAt
        {Events};

        SELECT e.kind AS Key, count(*) AS Count
        {Events}
        GROUP BY e.kind
        ORDER BY count(*) DESC, e.kind COLLATE "C";

        SELECT e.name AS Key, count(*) AS Count
        {Events}
          AND e.name IS NOT NULL
        GROUP BY e.name
        ORDER BY count(*) DESC, e.name COLLATE "C"
        LIMIT @TopNames;

        WITH per_name AS (
            SELECT e.user_id, e.name, count(*) AS n, max(e.received_at) AS last
            {Events}
              AND e.user_id IS NOT NULL
            GROUP BY e.user_id, e.name
        ), per_user AS (
            SELECT user_id, sum(n)::bigint AS n, max(last) AS last,
                   coalesce(array_agg(name ORDER BY name COLLATE "C") FILTER (WHERE name IS NOT NULL), ARRAY[]::text[]) AS names
            FROM per_name
            GROUP BY user_id
        )
        SELECT user_id AS UserId, n AS EventCount, last AS LastEventAt, names AS Names, count(*) OVER () AS UniqueUsers
        FROM per_user
        ORDER BY n DESC, last DESC, user_id COLLATE "C"
        LIMIT @TopUsers;
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
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));
        var totals = await results.ReadSingleAsync<Totals>();
        var byKind = (await results.ReadAsync<GroupCount>()).AsList();
        var byName = (await results.ReadAsync<GroupCount>()).AsList();
        var users = (await results.ReadAsync<UserRow>()).AsList();
        foreach (var group in byKind.Concat(byName))
        {
            group.Percentage = totals.TotalEvents == 0 ? 0 : group.Count * 100.0 / totals.TotalEvents;
        }

        return new SummaryDto
        {
            TotalEvents = totals.TotalEvents,
            UniqueUsers = users.Count == 0 ? 0 : users[0].UniqueUsers,
            UniqueSessions = totals.UniqueSessions,
            FirstEventAt = totals.FirstEventAt,
            LatestEventAt = totals.LatestEventAt,
            ByKind = byKind,
            ByName = byName,
            TopUsers = users.Select(user => new UserActivity
            {
                UserId = user.UserId, EventCount = user.EventCount, LastEventAt = user.LastEventAt, Names = user.Names,
            }).ToList(),
        };
    }

    private sealed class Totals
    {
        public long TotalEvents { get; init; }

        public long UniqueSessions { get; init; }

        public DateTime? FirstEventAt { get; init; }

        public DateTime? LatestEventAt { get; init; }
    }

    private sealed class UserRow
    {
        public string UserId { get; init; } = string.Empty;

        public long EventCount { get; init; }

        public DateTime LastEventAt { get; init; }

        public string[] Names { get; init; } = [];

        public long UniqueUsers { get; init; }
    }
}
