using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Events;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Groups.Queries.GetGroup;

/// <summary>
/// One error group with its hourly counts over the window (dense), the most frequent tags, releases,
/// environments and user agents among its latest events in the window, and its latest events.
/// </summary>
public sealed record GetGroupQuery(long AppId, long GroupId, TimeWindow Window) : IRequest<GroupDetail>
{
    /// <summary>The top values are counted over at most this many of the group's latest events in the window.</summary>
    public const int SampledEvents = 1_000;

    public const int MaxHours = 10_000;
    public const int LatestEvents = 10;
    public const int TopValues = 5;
    public const int TopTags = 10;
}

public sealed class GroupDetail
{
    public GroupDto Group { get; init; } = new();

    public IReadOnlyList<HourCount> Hourly { get; init; } = [];

    public IReadOnlyList<ValueCount> Tags { get; init; } = [];

    public IReadOnlyList<ValueCount> Releases { get; init; } = [];

    public IReadOnlyList<ValueCount> Environments { get; init; } = [];

    public IReadOnlyList<ValueCount> UserAgents { get; init; } = [];

    public IReadOnlyList<EventDto> LatestEvents { get; init; } = [];
}

public sealed class HourCount
{
    public DateTime Hour { get; init; }

    public long Count { get; init; }
}

/// <summary>A value and how many of the sampled events carry it; <see cref="Key"/> is the tag's key for tags.</summary>
public sealed class ValueCount
{
    public string? Key { get; init; }

    public string Value { get; init; } = string.Empty;

    public long Count { get; init; }

    internal string Facet { get; init; } = string.Empty;
}

internal sealed class GetGroupQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetGroupQuery, GroupDetail>
{
    private const string GroupSql = $"""
        SELECT {GroupDto.Columns}
        FROM error_groups
        WHERE id = @GroupId AND app_id = @AppId
        """;

    private const string HourlySql = """
        SELECT h.hour AS Hour, coalesce(c.count, 0) AS Count
        FROM generate_series(date_trunc('hour', @Since, 'UTC'), @Until - interval '1 microsecond', interval '1 hour') AS h (hour)
        LEFT JOIN error_group_counts_hour c ON c.group_id = @GroupId AND c.hour = h.hour
        ORDER BY h.hour
        """;

    private const string ValuesSql = """
        WITH sampled AS (
            SELECT tags, release, environment, user_agent
            FROM events
            WHERE app_id = @AppId AND group_id = @GroupId AND received_at >= @Since AND received_at < @Until
            ORDER BY received_at DESC, id DESC
            LIMIT @Sampled
        )
        SELECT 'release' AS Facet, NULL AS Key, release AS Value, count(*) AS Count FROM sampled WHERE release IS NOT NULL GROUP BY release
        UNION ALL
        SELECT 'environment', NULL, environment, count(*) FROM sampled WHERE environment IS NOT NULL GROUP BY environment
        UNION ALL
        SELECT 'user_agent', NULL, user_agent, count(*) FROM sampled WHERE user_agent IS NOT NULL GROUP BY user_agent
        UNION ALL
        SELECT 'tag', t.key, t.value, count(*) FROM sampled, jsonb_each_text(sampled.tags) AS t GROUP BY t.key, t.value
        """;

    private const string LatestSql = $"""
        SELECT {EventColumns.Select}
        FROM events e
        WHERE e.app_id = @AppId AND e.group_id = @GroupId
        ORDER BY e.received_at DESC, e.id DESC
        LIMIT @Latest
        """;

    public async Task<GroupDetail> Handle(GetGroupQuery request, CancellationToken cancellationToken)
    {
        var since = request.Window.Since.UtcDateTime;
        var until = request.Window.Until.UtcDateTime;
        if ((until - since).TotalHours > GetGroupQuery.MaxHours)
        {
            throw new DomainValidationException(ErrorCodes.InvalidTimeRange, $"The window holds more than {GetGroupQuery.MaxHours:N0} hours.", []);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var parameters = new { request.AppId, request.GroupId, Since = since, Until = until, Sampled = GetGroupQuery.SampledEvents, Latest = GetGroupQuery.LatestEvents };
        var group = await connection.QuerySingleOrDefaultAsync<GroupDto>(new CommandDefinition(GroupSql, parameters, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no group {request.GroupId}.");
        var hourly = await connection.QueryAsync<HourCount>(new CommandDefinition(HourlySql, parameters, cancellationToken: cancellationToken));
        var values = (await connection.QueryAsync<ValueCount>(new CommandDefinition(ValuesSql, parameters, cancellationToken: cancellationToken))).AsList();
        var latest = await connection.QueryAsync<EventDto>(new CommandDefinition(LatestSql, parameters, cancellationToken: cancellationToken));

        IReadOnlyList<ValueCount> Top(string facet, int count) => values
            .Where(value => value.Facet == facet)
            .OrderByDescending(value => value.Count).ThenBy(value => value.Key, StringComparer.Ordinal).ThenBy(value => value.Value, StringComparer.Ordinal)
            .Take(count)
            .ToList();

        return new GroupDetail
        {
            Group = group,
            Hourly = hourly.AsList(),
            Tags = Top("tag", GetGroupQuery.TopTags),
            Releases = Top("release", GetGroupQuery.TopValues),
            Environments = Top("environment", GetGroupQuery.TopValues),
            UserAgents = Top("user_agent", GetGroupQuery.TopValues),
            LatestEvents = latest.AsList(),
        };
    }
}
