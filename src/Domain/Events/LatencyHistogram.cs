namespace Faultline.Domain.Events;

/// <summary>
/// Logarithmic buckets of response times with a relative error of at most 1%: bucket i holds
/// (γ^(i-1), γ^i] with γ = 1.01 / 0.99, and stands for 2γ^i / (γ + 1), which is within 1% of every value
/// in it. Times below 0.01 ms share one bucket that stands for 0. Percentiles interpolate between the two
/// ranks around the wanted position, as PostgreSQL's percentile_cont does, so they stay within 1% of it.
/// </summary>
public static class LatencyHistogram
{
    public const double RelativeError = 0.01;
    public const double Floor = 0.01;
    public const short ZeroBucket = short.MinValue;
    public static readonly double Gamma = (1 + RelativeError) / (1 - RelativeError);
    private static readonly double LogGamma = Math.Log(Gamma);

    public static short Bucket(double milliseconds) =>
        milliseconds < Floor ? ZeroBucket : (short)Math.Ceiling(Math.Log(milliseconds) / LogGamma);

    public static double Representative(short bucket) =>
        bucket == ZeroBucket ? 0 : 2 * Math.Pow(Gamma, bucket) / (Gamma + 1);

    /// <summary>
    /// The percentile <paramref name="fraction"/> (0 to 1) of the values counted in <paramref name="buckets"/>
    /// (bucket, count), as percentile_cont would compute it over the values themselves, within 1%.
    /// </summary>
    public static double? Percentile(IReadOnlyList<(short Bucket, long Count)> buckets, double fraction)
    {
        var sorted = buckets.Where(entry => entry.Count > 0).OrderBy(entry => entry.Bucket).ToList();
        var total = sorted.Sum(entry => entry.Count);
        if (total == 0)
        {
            return null;
        }

        var position = (total - 1) * fraction;
        var lower = (long)Math.Floor(position);
        var upper = (long)Math.Ceiling(position);
        var low = ValueAtRank(sorted, lower);
        var high = upper == lower ? low : ValueAtRank(sorted, upper);
        return low + ((position - lower) * (high - low));
    }

    private static double ValueAtRank(List<(short Bucket, long Count)> sorted, long rank)
    {
        var seen = 0L;
        foreach (var (bucket, count) in sorted)
        {
            seen += count;
            if (rank < seen)
            {
                return Representative(bucket);
            }
        }

        return Representative(sorted[^1].Bucket);
    }
}
