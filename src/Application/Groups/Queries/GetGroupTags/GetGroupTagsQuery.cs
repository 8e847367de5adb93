using Dapper;
using Faultline.Application.Analysis;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Groups.Queries.GetGroupTags;

/// <summary>
/// The releases, environments and tag values over-represented in a group compared with its app, by the rule
/// the built-in analysis uses (<see cref="OverRepresentation"/>): the group's latest events in the window
/// against the app's latest events in the same window, so that the answer stays fast at any volume.
/// </summary>
public sealed record GetGroupTagsQuery(long AppId, long GroupId, TimeWindow Window) : IRequest<GroupTags>
{
    public const int SampledGroupEvents = GetGroup.GetGroupQuery.SampledEvents;
    public const int SampledAppEvents = 10_000;
    public const int MaxItems = 20;
}

public sealed class GroupTags
{
    public DateTime Since { get; init; }

    public DateTime Until { get; init; }

    /// <summary>How many of the group's events were compared (its latest, at most <see cref="GetGroupTagsQuery.SampledGroupEvents"/>).</summary>
    public long GroupEvents { get; init; }

    /// <summary>How many of the app's events they were compared with (its latest, at most <see cref="GetGroupTagsQuery.SampledAppEvents"/>).</summary>
    public long AppEvents { get; init; }

    public IReadOnlyList<OverRepresentedValue> Items { get; init; } = [];
}

/// <summary>A value and its share (0 to 1, four decimals) of the group's sampled events and of the app's.</summary>
public sealed class OverRepresentedValue
{
    /// <summary>release, environment or tag.</summary>
    public string Facet { get; init; } = string.Empty;

    /// <summary>The tag's key (tags only).</summary>
    public string? Key { get; init; }

    public string Value { get; init; } = string.Empty;

    public long Count { get; init; }

    public double Share { get; init; }

    public long AppCount { get; init; }

    public double AppShare { get; init; }
}

internal sealed class GetGroupTagsQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetGroupTagsQuery, GroupTags>
{
    private const string Sql = """
        SELECT count(*) FROM error_groups WHERE id = @GroupId AND app_id = @AppId;
        WITH mine AS (
            SELECT tags, release, environment
            FROM events
            WHERE app_id = @AppId AND group_id = @GroupId AND received_at >= @Since AND received_at < @Until
            ORDER BY received_at DESC, id DESC
            LIMIT @SampledGroup
        ), app AS (
            SELECT tags, release, environment
            FROM events
            WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
            ORDER BY received_at DESC, id DESC
            LIMIT @SampledApp
        ), seen AS (
            SELECT true AS in_group, 'release' AS facet, NULL AS key, release AS value FROM mine WHERE release IS NOT NULL
            UNION ALL SELECT true, 'environment', NULL, environment FROM mine WHERE environment IS NOT NULL
            UNION ALL SELECT true, 'tag', t.key, t.value FROM mine, jsonb_each_text(mine.tags) AS t
            UNION ALL SELECT false, 'release', NULL, release FROM app WHERE release IS NOT NULL
            UNION ALL SELECT false, 'environment', NULL, environment FROM app WHERE environment IS NOT NULL
            UNION ALL SELECT false, 'tag', t.key, t.value FROM app, jsonb_each_text(app.tags) AS t
        )
        SELECT facet AS Facet, key AS Key, value AS Value,
               count(*) FILTER (WHERE in_group) AS Count, count(*) FILTER (WHERE NOT in_group) AS AppCount
        FROM seen
        GROUP BY facet, key, value
        HAVING count(*) FILTER (WHERE in_group) > 0;
        SELECT (SELECT count(*) FROM (SELECT 1 FROM events
                 WHERE app_id = @AppId AND group_id = @GroupId AND received_at >= @Since AND received_at < @Until LIMIT @SampledGroup) g),
               (SELECT count(*) FROM (SELECT 1 FROM events
                 WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until LIMIT @SampledApp) a);
        """;

    public async Task<GroupTags> Handle(GetGroupTagsQuery request, CancellationToken cancellationToken)
    {
        var since = request.Window.Since.UtcDateTime;
        var until = request.Window.Until.UtcDateTime;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var parameters = new
        {
            request.AppId, request.GroupId, Since = since, Until = until,
            SampledGroup = GetGroupTagsQuery.SampledGroupEvents, SampledApp = GetGroupTagsQuery.SampledAppEvents,
        };
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));
        if (await results.ReadSingleAsync<long>() == 0)
        {
            throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no group {request.GroupId}.");
        }

        var values = (await results.ReadAsync<ValueRow>()).AsList();
        var (groupEvents, appEvents) = await results.ReadSingleAsync<(long, long)>();
        var items = values
            .Select(row => (Row: row, Share: Share(row.Count, groupEvents), AppShare: Share(row.AppCount, appEvents)))
            .Where(value => OverRepresentation.Holds(value.Share, value.AppShare))
            .OrderByDescending(value => value.Share - value.AppShare).ThenBy(value => value.Row.Facet, StringComparer.Ordinal)
            .ThenBy(value => value.Row.Key, StringComparer.Ordinal).ThenBy(value => value.Row.Value, StringComparer.Ordinal)
            .Take(GetGroupTagsQuery.MaxItems)
            .Select(value => new OverRepresentedValue
            {
                Facet = value.Row.Facet, Key = value.Row.Key, Value = value.Row.Value, Count = value.Row.Count, AppCount = value.Row.AppCount,
                Share = Math.Round(value.Share, 4, MidpointRounding.AwayFromZero), AppShare = Math.Round(value.AppShare, 4, MidpointRounding.AwayFromZero),
            })
            .ToList();
        return new GroupTags { Since = since, Until = until, GroupEvents = groupEvents, AppEvents = appEvents, Items = items };
    }

    private static double Share(long count, long total) => total == 0 ? 0 : (double)count / total;

    private sealed class ValueRow
    {
        public string Facet { get; init; } = string.Empty;

        public string? Key { get; init; }

        public string Value { get; init; } = string.Empty;

        public long Count { get; init; }

        public long AppCount { get; init; }
    }
}
