using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Requests.Queries.GetRequestSummary;

/// <summary>An app's API calls over a window: counts, error rate, latency (average, extremes, p50/p95/p99), rate.</summary>
public sealed record GetRequestSummaryQuery(long AppId, TimeWindow Window) : IRequest<RequestSummaryDto>;

internal sealed class GetRequestSummaryQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetRequestSummaryQuery, RequestSummaryDto>
{
    private const string Sql = $"""
        WITH pieces AS (
            {RequestStatsSql.Pieces}
        )
        SELECT bucket AS Bucket, sum(n)::bigint AS Count, sum(errors)::bigint AS Errors, sum(sum_ms) AS SumMs, min(min_ms) AS MinMs, max(max_ms) AS MaxMs
        FROM pieces
        GROUP BY bucket
        """;

    public async Task<RequestSummaryDto> Handle(GetRequestSummaryQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.MinutesAndHours(request.Window, true);
        var buckets = (await connection.QueryAsync<BucketSums>(new CommandDefinition(
            Sql, RequestStatsSql.Parameters(request.AppId, spans), cancellationToken: cancellationToken))).AsList();
        var summary = RequestFigures.Of<RequestSummaryDto>(buckets);
        summary.RequestsPerMinute = Math.Round(summary.RequestCount / (request.Window.Until - request.Window.Since).TotalMinutes, 2, MidpointRounding.AwayFromZero);
        return summary;
    }
}
