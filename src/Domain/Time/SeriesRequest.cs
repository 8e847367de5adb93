using Faultline.Domain.Common;

namespace Faultline.Domain.Time;

/// <summary>A validated request for a dense time series: a window, a bucket width and a zone.</summary>
public sealed record SeriesRequest(TimeWindow Window, Interval Interval, BucketZone Zone)
{
    public static SeriesRequest Create(TimeWindow window, Interval interval, BucketZone zone)
    {
        var buckets = interval.CountBuckets(zone.ToLocal(window.Since), zone.ToLocal(window.Until));
        if (buckets > Intervals.MaxBuckets)
        {
            throw new DomainValidationException(
                ErrorCodes.InvalidTimeRange,
                $"The window spans {buckets} {interval.Name()} buckets; at most {Intervals.MaxBuckets} are allowed. Use a wider interval or a shorter window.",
                [],
                new Dictionary<string, object?> { ["Buckets"] = buckets, ["MaxBuckets"] = Intervals.MaxBuckets });
        }

        return new SeriesRequest(window, interval, zone);
    }
}
