namespace Faultline.Domain.Events;

/// <summary>
/// When a count is anomalous against the same window of the previous days, and how severe: above
/// mean + 3σ, at least 3× the mean and at least <see cref="MinimumCount"/> events. Severity by the ratio to the
/// mean: under 5× LOW, under 10× MEDIUM, under 20× HIGH, else CRITICAL.
/// </summary>
public static class AnomalyRules
{
    public const int BaselineDays = 7;
    public const double MinimumCount = 10;
    public const double MinimumRatio = 3;
    public const double Sigmas = 3;

    public static (double Mean, double StdDev) Baseline(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return (0, 0);
        }

        var mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / values.Count));
    }

    /// <summary>The ratio to the mean; a mean below <paramref name="floor"/> counts as the floor, so an empty baseline gives a finite ratio.</summary>
    public static double Ratio(double observed, double mean, double floor = 1) => observed / Math.Max(mean, floor);

    public static bool IsSpike(double observed, double mean, double stdDev, double minimumObserved = MinimumCount, double floor = 1) =>
        observed >= minimumObserved && observed > mean + Sigmas * stdDev && Ratio(observed, mean, floor) >= MinimumRatio;

    public static string Severity(double ratio) => ratio switch
    {
        < 5 => "LOW",
        < 10 => "MEDIUM",
        < 20 => "HIGH",
        _ => "CRITICAL",
    };

    public static readonly IReadOnlyList<string> Severities = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
}
