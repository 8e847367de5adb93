using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using MediatR;

namespace Faultline.Application.Groups.Queries.ListClusters;

/// <summary>
/// Error groups of one app, or of every app a caller may see (<paramref name="VisibleApps"/>, null: all), most
/// recently seen first: optionally at one level, seen since <paramref name="Since"/>, with an event in one
/// environment (<c>default</c> stands for none). With the total, for pages numbered from 1.
/// </summary>
public sealed record ListClustersQuery(
    long? AppId, IReadOnlyList<long>? VisibleApps, string? Environment, Level? Level, DateTimeOffset? Since, Paging Paging) : IRequest<ClusterPage>;

public sealed record ClusterPage(IReadOnlyList<GroupDto> Items, long Total);

/// <summary>One group of the apps a caller may see, with the explanation of the latest completed analysis that covered it.</summary>
public sealed record GetClusterQuery(long GroupId, IReadOnlyList<long>? VisibleApps) : IRequest<ClusterDetail>;

/// <summary><paramref name="Analysis"/>: the explanation (JSON) of the newest analysis job that covered this cluster, or null.</summary>
public sealed record ClusterDetail(GroupDto Group, string? Analysis);

internal sealed class ListClustersQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListClustersQuery, ClusterPage>
{
    private const string Filter = """
        WHERE (CAST(@AppId AS bigint) IS NULL OR g.app_id = @AppId)
          AND (CAST(@Visible AS bigint[]) IS NULL OR g.app_id = ANY(@Visible))
          AND (CAST(@Level AS text) IS NULL OR g.level = @Level)
          AND (CAST(@Since AS timestamptz) IS NULL OR g.last_seen >= @Since)
          AND (CAST(@Environment AS text) IS NULL OR EXISTS (
                SELECT 1 FROM events e
                WHERE e.app_id = g.app_id AND e.group_id = g.id AND coalesce(e.environment, 'default') = @Environment
                  AND (CAST(@Since AS timestamptz) IS NULL OR e.received_at >= @Since)))
        """;

    private const string Sql = "SELECT " + GroupDto.Columns + "\nFROM error_groups g\n" + Filter + """

        ORDER BY g.last_seen DESC, g.id DESC
        LIMIT @Limit OFFSET @Offset;
        SELECT count(*) FROM error_groups g
        """ + "\n" + Filter;

    public async Task<ClusterPage> Handle(ListClustersQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new
        {
            request.AppId,
            Visible = request.VisibleApps?.ToArray(),
            request.Environment,
            Level = request.Level?.Name(),
            Since = request.Since?.UtcDateTime,
            request.Paging.Limit,
            request.Paging.Offset,
        }, cancellationToken: cancellationToken));
        var items = (await results.ReadAsync<GroupDto>()).AsList();
        return new ClusterPage(items, await results.ReadSingleAsync<long>());
    }
}

internal sealed class GetClusterQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetClusterQuery, ClusterDetail>
{
    private const string Sql = "SELECT " + GroupDto.Columns + """

        FROM error_groups g
        WHERE g.id = @GroupId AND (CAST(@Visible AS bigint[]) IS NULL OR g.app_id = ANY(@Visible))
        """;

    // The newest completed analysis of the group's app whose result names this cluster.
    private const string AnalysisSql = """
        SELECT (c.value -> 'analysis')::text
        FROM jobs j, jsonb_array_elements(j.result -> 'clusters') AS c(value)
        WHERE j.app_id = @AppId AND j.kind = 'analysis' AND j.status = 'completed'
          AND jsonb_typeof(j.result -> 'clusters') = 'array' AND c.value ->> 'cluster_id' = @GroupIdText
        ORDER BY j.completed_at DESC
        LIMIT 1
        """;

    public async Task<ClusterDetail> Handle(GetClusterQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var group = await connection.QuerySingleOrDefaultAsync<GroupDto>(new CommandDefinition(
                Sql, new { request.GroupId, Visible = request.VisibleApps?.ToArray() }, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No cluster {request.GroupId}.");
        var analysis = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(AnalysisSql, new
        {
            group.AppId, GroupIdText = request.GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken));
        return new ClusterDetail(group, analysis);
    }
}
