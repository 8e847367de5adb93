using Faultline.Domain.Events;

namespace Faultline.UnitTests.Domain;

public sealed class LatencyHistogramTests
{
    /// <summary>PostgreSQL's percentile_cont: linear interpolation between the two ranks around (n - 1) * p.</summary>
    private static double PercentileCont(double[] sorted, double fraction)
    {
        var position = (sorted.Length - 1) * fraction;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    [Test]
    public void Every_value_is_within_one_percent_of_its_buckets_representative()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var value = Math.Exp((random.NextDouble() * 16) - 4.6);
            var represented = LatencyHistogram.Representative(LatencyHistogram.Bucket(value));
            Assert.That(Math.Abs(represented - value), Is.LessThanOrEqualTo(value * LatencyHistogram.RelativeError * 1.000001), $"{value}");
        }
    }

    [Test]
    public void Percentiles_of_random_samples_stay_within_one_percent_of_percentile_cont()
    {
        var random = new Random(2026);
        for (var sample = 0; sample < 500; sample++)
        {
            var size = random.Next(1, 400);
            var spread = random.NextDouble() * 4;
            var values = Enumerable.Range(0, size)
                .Select(_ => random.Next(30) == 0 ? 0 : Math.Round(Math.Exp(3 + (spread * (random.NextDouble() - 0.5))), random.Next(4)))
                .Order().ToArray();
            var buckets = values.GroupBy(LatencyHistogram.Bucket).Select(group => (group.Key, (long)group.Count())).ToList();
            foreach (var fraction in new[] { 0.0, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0 })
            {
                var exact = PercentileCont(values, fraction);
                var estimate = LatencyHistogram.Percentile(buckets, fraction)!.Value;
                Assert.That(estimate, Is.EqualTo(exact).Within((exact * 0.01) + LatencyHistogram.Floor), $"p{fraction} of {size} values");
            }
        }
    }

    [Test]
    public void Two_far_apart_values_interpolate_as_percentile_cont_does()
    {
        var buckets = new List<(short, long)> { (LatencyHistogram.Bucket(10), 1), (LatencyHistogram.Bucket(1000), 1) };
        Assert.That(LatencyHistogram.Percentile(buckets, 0.5), Is.EqualTo(505).Within(5.05));
    }

    [Test]
    public void An_empty_histogram_has_no_percentile() =>
        Assert.That(LatencyHistogram.Percentile([], 0.5), Is.Null);

    [Test]
    public void Times_below_a_hundredth_of_a_millisecond_count_as_zero() =>
        Assert.That(LatencyHistogram.Representative(LatencyHistogram.Bucket(0.004)), Is.Zero);
}
