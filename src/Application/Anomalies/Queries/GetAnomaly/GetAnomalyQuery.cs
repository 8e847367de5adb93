using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Anomalies.Queries.GetAnomaly;

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
