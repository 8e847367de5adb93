using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Anomalies.Queries.ListAnomalies;

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
