using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Requests.Queries.GetRequestSeries;

/// <summary>
/// An app's API calls per bucket (count, errors, average and p50/p95/p99 latency); dense: empty buckets are
/// there with 0 and null latencies.
/// </summary>
public sealed record GetRequestSeriesQuery(long AppId, SeriesRequest Series) : IRequest<RequestSeriesDto>;

internal sealed class GetRequestSeriesQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetRequestSeriesQuery, RequestSeriesDto>
{
    // Buckets are wall-clock times in the zone, as in the event timeseries (StatsSql.LocalBuckets); one row per
    // bucket and latency bucket, so that percentiles come from the histogram as the summary's do.
    private const string Sql = $"""
        WITH buckets AS (
            {Stats.StatsSql.LocalBuckets}
        ), pieces AS (
            {RequestStatsSql.Pieces}
        ), sums AS (
            SELECT date_trunc(@Unit, at AT TIME ZONE @Zone) AS local_start, bucket, sum(n)::bigint AS n, sum(errors)::bigint AS errors, sum(sum_ms) AS sum_ms
            FROM pieces
            GROUP BY 1, 2
        )
        SELECT b.local_start AT TIME ZONE @Zone AS BucketStart, s.bucket AS Bucket, coalesce(s.n, 0) AS Count, coalesce(s.errors, 0) AS Errors,
               coalesce(s.sum_ms, 0) AS SumMs
        FROM buckets b
        LEFT JOIN sums s ON s.local_start = b.local_start
        ORDER BY b.local_start
        """;

    public async Task<RequestSeriesDto> Handle(GetRequestSeriesQuery request, CancellationToken cancellationToken)
    {
        var series = request.Series;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.MinutesAndHours(series.Window, series.Interval != Interval.Minute && series.Zone.HasWholeHourOffsets);
        var parameters = new DynamicParameters(RequestStatsSql.Parameters(request.AppId, spans));
        parameters.AddDynamicParams(new { Unit = series.Interval.Unit(), Step = "1 " + series.Interval.Unit(), Zone = series.Zone.Id });
        var rows = await connection.QueryAsync<BucketRow>(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));
        return new RequestSeriesDto
        {
            Interval = series.Interval.Name(),
            Since = series.Window.Since.UtcDateTime,
            Until = series.Window.Until.UtcDateTime,
            Series = rows.GroupBy(row => row.BucketStart).Select(Bucket).ToList(),
        };
    }

    private static RequestBucketDto Bucket(IGrouping<DateTime, BucketRow> rows)
    {
        var count = rows.Sum(row => row.Count);
        var histogram = rows.Where(row => row.Bucket is not null).Select(row => (row.Bucket!.Value, row.Count)).ToList();
        return new RequestBucketDto
        {
            BucketStart = rows.Key,
            RequestCount = count,
            ErrorCount = rows.Sum(row => row.Errors),
            AvgResponseTimeMs = count == 0 ? null : rows.Sum(row => row.SumMs) / count,
            P50ResponseTimeMs = LatencyHistogram.Percentile(histogram, 0.5),
            P95ResponseTimeMs = LatencyHistogram.Percentile(histogram, 0.95),
            P99ResponseTimeMs = LatencyHistogram.Percentile(histogram, 0.99),
        };
    }

    private sealed class BucketRow
    {
        public DateTime BucketStart { get; init; }

        public short? Bucket { get; init; }

        public long Count { get; init; }

        public long Errors { get; init; }

        public double SumMs { get; init; }
    }
}
