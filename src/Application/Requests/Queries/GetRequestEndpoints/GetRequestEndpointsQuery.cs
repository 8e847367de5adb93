using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Requests.Queries.GetRequestEndpoints;

/// <summary>An app's API calls per endpoint (path and method) over a window, busiest first.</summary>
public sealed record GetRequestEndpointsQuery(long AppId, TimeWindow Window, int Limit = 100) : IRequest<IReadOnlyList<EndpointStatsDto>>;

internal sealed class GetRequestEndpointsQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetRequestEndpointsQuery, IReadOnlyList<EndpointStatsDto>>
{
    private const string Sql = $"""
        WITH pieces AS (
            {RequestStatsSql.Pieces}
        )
        SELECT method AS Method, path AS Path, bucket AS Bucket, sum(n)::bigint AS Count, sum(errors)::bigint AS Errors,
               sum(sum_ms) AS SumMs, min(min_ms) AS MinMs, max(max_ms) AS MaxMs
        FROM pieces
        GROUP BY method, path, bucket
        """;

    public async Task<IReadOnlyList<EndpointStatsDto>> Handle(GetRequestEndpointsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.MinutesAndHours(request.Window, true);
        var buckets = await connection.QueryAsync<BucketSums>(new CommandDefinition(
            Sql, RequestStatsSql.Parameters(request.AppId, spans), cancellationToken: cancellationToken));
        return buckets
            .GroupBy(bucket => (bucket.Path, bucket.Method))
            .Select(endpoint =>
            {
                var figures = RequestFigures.Of<EndpointStatsDto>(endpoint.ToList());
                figures.UrlPath = endpoint.Key.Path;
                figures.Method = endpoint.Key.Method;
                return figures;
            })
            .OrderByDescending(endpoint => endpoint.RequestCount)
            .ThenBy(endpoint => endpoint.UrlPath, StringComparer.Ordinal)
            .ThenBy(endpoint => endpoint.Method, StringComparer.Ordinal)
            .Take(request.Limit)
            .ToList();
    }
}
