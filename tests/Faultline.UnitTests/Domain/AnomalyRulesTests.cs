using Faultline.Domain.Events;

namespace Faultline.UnitTests.Domain;

public sealed class AnomalyRulesTests
{
    [Test]
    public void The_baseline_is_the_mean_and_population_standard_deviation()
    {
        var (mean, stdDev) = AnomalyRules.Baseline([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.That(mean, Is.EqualTo(5));
        Assert.That(stdDev, Is.EqualTo(2));
    }

    [TestCase(30, 10, 1, true)]
    [TestCase(29, 10, 1, false)] // under 3x the mean
    [TestCase(30, 10, 7, false)] // within 3 sigma
    [TestCase(9, 0, 0, false)] // fewer than 10 events
    [TestCase(10, 0, 0, true)]
    public void A_spike_is_above_three_sigma_three_times_the_mean_and_ten_events(double observed, double mean, double stdDev, bool spike) =>
        Assert.That(AnomalyRules.IsSpike(observed, mean, stdDev), Is.EqualTo(spike));

    [TestCase(3, "LOW")]
    [TestCase(4.99, "LOW")]
    [TestCase(5, "MEDIUM")]
    [TestCase(10, "HIGH")]
    [TestCase(19.9, "HIGH")]
    [TestCase(20, "CRITICAL")]
    public void Severity_follows_the_ratio_to_the_baseline(double ratio, string severity) =>
        Assert.That(AnomalyRules.Severity(ratio), Is.EqualTo(severity));

    [Test]
    public void An_empty_baseline_counts_as_the_floor() =>
        Assert.That(AnomalyRules.Ratio(12, 0), Is.EqualTo(12));
}
