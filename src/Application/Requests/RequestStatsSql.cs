using Faultline.Domain.Events;
using Faultline.Domain.Time;

namespace Faultline.Application.Requests;

/// <summary>
/// The pieces every request statistic sums: rows (at, method, path, bucket, n, errors, sum_ms, min_ms, max_ms)
/// from the hourly and minute request rollups and, at the window's edges, from the raw request events,
/// bucketed the same way (<see cref="LatencyHistogram"/>). Summed, they equal the same sums over the raw
/// events of the window; the edges repeat their bounds through sub-selects for the reason StatsSql gives.
/// </summary>
internal static class RequestStatsSql
{
    private const string RawColumns = """
        e.received_at, coalesce(e.http_method, ''), coalesce(e.http_path, ''),
        CAST(CASE WHEN e.duration_ms < @Floor THEN @ZeroBucket ELSE ceil(ln(e.duration_ms) / ln(@Gamma)) END AS smallint),
        CAST(1 AS bigint), CAST(CASE WHEN e.status_code >= 400 THEN 1 ELSE 0 END AS bigint), e.duration_ms, e.duration_ms, e.duration_ms
        """;

    public const string Pieces = $"""
        SELECT r.hour AS at, r.method, r.path, r.bucket, r.count AS n, r.errors, r.sum_ms, r.min_ms, r.max_ms
        FROM request_stats_hour r
        WHERE r.app_id = @AppId AND r.hour >= @CoarseFrom AND r.hour < @CoarseTo
        UNION ALL
        SELECT r.minute, r.method, r.path, r.bucket, r.count, r.errors, r.sum_ms, r.min_ms, r.max_ms
        FROM request_stats_minute r
        WHERE r.app_id = @AppId AND r.minute >= @FineFrom AND r.minute < @CoarseFrom
        UNION ALL
        SELECT r.minute, r.method, r.path, r.bucket, r.count, r.errors, r.sum_ms, r.min_ms, r.max_ms
        FROM request_stats_minute r
        WHERE r.app_id = @AppId AND r.minute >= @CoarseTo AND r.minute < @FineTo
        UNION ALL
        SELECT {RawColumns}
        FROM events e
        WHERE e.app_id = @AppId AND e.received_at >= @Since AND e.received_at < @FineFrom
          AND e.received_at >= (SELECT @Since) AND e.received_at < (SELECT @FineFrom)
          AND e.kind = 'request' AND e.duration_ms IS NOT NULL
        UNION ALL
        SELECT {RawColumns}
        FROM events e
        WHERE e.app_id = @AppId AND e.received_at >= @FineTo AND e.received_at < @Until
          AND e.received_at >= (SELECT @FineTo) AND e.received_at < (SELECT @Until)
          AND e.kind = 'request' AND e.duration_ms IS NOT NULL
        """;

    public static object Parameters(long appId, RollupSpans spans) => new
    {
        AppId = appId,
        Since = spans.Since.UtcDateTime,
        Until = spans.Until.UtcDateTime,
        FineFrom = spans.FineFrom.UtcDateTime,
        FineTo = spans.FineTo.UtcDateTime,
        CoarseFrom = spans.CoarseFrom.UtcDateTime,
        CoarseTo = spans.CoarseTo.UtcDateTime,
        LatencyHistogram.Floor,
        LatencyHistogram.ZeroBucket,
        LatencyHistogram.Gamma,
    };
}

/// <summary>The sums of one latency bucket (of one endpoint, or of the whole app).</summary>
internal sealed class BucketSums
{
    public string Method { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    public short Bucket { get; init; }

    public long Count { get; init; }

    public long Errors { get; init; }

    public double SumMs { get; init; }

    public double MinMs { get; init; }

    public double MaxMs { get; init; }
}

/// <summary>Turns latency buckets into the figures a summary or an endpoint shows.</summary>
internal static class RequestFigures
{
    /// <summary>The figures of these buckets (of one endpoint, or of the whole app).</summary>
    public static T Of<T>(IReadOnlyList<BucketSums> buckets)
        where T : RequestFiguresDto, new()
    {
        var count = buckets.Sum(bucket => bucket.Count);
        if (count == 0)
        {
            return new T();
        }

        var errors = buckets.Sum(bucket => bucket.Errors);
        var histogram = buckets.Select(bucket => (bucket.Bucket, bucket.Count)).ToList();
        return new T
        {
            RequestCount = count,
            ErrorCount = errors,
            ErrorRate = Percent(errors, count),
            AvgResponseTimeMs = buckets.Sum(bucket => bucket.SumMs) / count,
            FastestRequestMs = buckets.Min(bucket => bucket.MinMs),
            SlowestRequestMs = buckets.Max(bucket => bucket.MaxMs),
            P50ResponseTimeMs = LatencyHistogram.Percentile(histogram, 0.5),
            P95ResponseTimeMs = LatencyHistogram.Percentile(histogram, 0.95),
            P99ResponseTimeMs = LatencyHistogram.Percentile(histogram, 0.99),
        };
    }

    /// <summary>A share in percent with two decimals.</summary>
    public static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2, MidpointRounding.AwayFromZero);
}
