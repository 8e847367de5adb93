using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Anomalies;

public sealed class AnomalyDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public string AppName { get; init; } = string.Empty;

    public long? GroupId { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string Severity { get; init; } = string.Empty;

    public double Observed { get; init; }

    public double BaselineMean { get; init; }

    public double BaselineStddev { get; init; }

    public double Ratio { get; init; }

    public DateTime WindowStart { get; init; }

    public DateTime WindowEnd { get; init; }

    public DateTime DetectedAt { get; init; }
}

public sealed record AnomalyPage(IReadOnlyList<AnomalyDto> Items, long Total);

internal static class AnomalySql
{
    public const string Columns = """
        n.id AS Id, n.app_id AS AppId, a.name AS AppName, n.group_id AS GroupId, n.kind AS Kind, n.severity AS Severity,
        n.observed AS Observed, n.baseline_mean AS BaselineMean, n.baseline_stddev AS BaselineStddev, n.ratio AS Ratio,
        n.window_start AS WindowStart, n.window_end AS WindowEnd, n.detected_at AS DetectedAt
        FROM anomalies n JOIN apps a ON a.id = n.app_id
        """;
}

/// <summary>
/// Anomalies newest first: of one app, or of the apps a caller may see (<paramref name="VisibleApps"/>, null:
/// all); optionally of one severity and whose window ends after <paramref name="Since"/>.
/// </summary>
public sealed record ListAnomaliesQuery(long? AppId, IReadOnlyList<long>? VisibleApps, string? Severity, DateTimeOffset? Since, Paging Paging)
    : IRequest<AnomalyPage>;

internal sealed class ListAnomaliesQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListAnomaliesQuery, AnomalyPage>
{
    private const string Filter = """
        WHERE (CAST(@AppId AS bigint) IS NULL OR n.app_id = @AppId)
          AND (CAST(@Visible AS bigint[]) IS NULL OR n.app_id = ANY(@Visible))
          AND (CAST(@Severity AS text) IS NULL OR n.severity = @Severity)
          AND (CAST(@Since AS timestamptz) IS NULL OR n.window_end > @Since)
        """;

    private const string Sql = "SELECT " + AnomalySql.Columns + "\n" + Filter + """

        ORDER BY n.window_end DESC, n.id DESC
        LIMIT @Limit OFFSET @Offset;
        SELECT count(*) FROM anomalies n
        """ + "\n" + Filter;

    public async Task<AnomalyPage> Handle(ListAnomaliesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (request.AppId is { } appId)
        {
            await connection.EnsureAppExistsAsync(appId, cancellationToken);
        }

        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new
        {
            request.AppId,
            Visible = request.VisibleApps?.ToArray(),
            request.Severity,
            Since = request.Since?.UtcDateTime,
            request.Paging.Limit,
            request.Paging.Offset,
        }, cancellationToken: cancellationToken));
        var items = (await results.ReadAsync<AnomalyDto>()).AsList();
        return new AnomalyPage(items, await results.ReadSingleAsync<long>());
    }
}

/// <summary>One anomaly, if it is of <paramref name="AppId"/> (when given) and of an app the caller may see; otherwise 404.</summary>
public sealed record GetAnomalyQuery(long Id, long? AppId, IReadOnlyList<long>? VisibleApps) : IRequest<AnomalyDto>;

internal sealed class GetAnomalyQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetAnomalyQuery, AnomalyDto>
{
    private const string Sql = "SELECT " + AnomalySql.Columns + "\nWHERE n.id = @Id";

    public async Task<AnomalyDto> Handle(GetAnomalyQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var anomaly = await connection.QuerySingleOrDefaultAsync<AnomalyDto>(new CommandDefinition(Sql, new { request.Id }, cancellationToken: cancellationToken));
        return anomaly is not null && (request.AppId is null || anomaly.AppId == request.AppId)
               && (request.VisibleApps is null || request.VisibleApps.Contains(anomaly.AppId))
            ? anomaly
            : throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No anomaly {request.Id}.");
    }
}
