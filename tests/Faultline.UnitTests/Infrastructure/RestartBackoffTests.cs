using Faultline.Infrastructure.EmbeddedPostgres;

namespace Faultline.UnitTests.Infrastructure;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);

    private static RestartBackoff Backoff() => new(first: TimeSpan.FromSeconds(1), longest: TimeSpan.FromSeconds(30), stableAfter: TimeSpan.FromMinutes(1));

    [Test]
    public void A_server_that_keeps_dying_waits_at_once_then_1_2_4_8_16_and_30_seconds_at_most()
    {
        var backoff = Backoff();
        var now = Start;
        var delays = new List<double>();
        for (var death = 0; death < 8; death++)
        {
            var delay = backoff.NextDelay(now);
            delays.Add(delay.TotalSeconds);
            now += delay + TimeSpan.FromSeconds(2);
        }

        Assert.That(delays, Is.EqualTo(new double[] { 0, 1, 2, 4, 8, 16, 30, 30 }));
    }

    [Test]
    public void A_server_that_stayed_up_for_the_stable_period_is_started_again_at_once()
    {
        var backoff = Backoff();
        backoff.NextDelay(Start);
        backoff.NextDelay(Start.AddSeconds(2));
        var third = backoff.NextDelay(Start.AddSeconds(5));

        var afterALongRun = backoff.NextDelay(Start.AddSeconds(5) + third + TimeSpan.FromMinutes(1));

        Assert.That(third, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(afterALongRun, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void A_server_that_died_again_just_before_the_stable_period_keeps_backing_off()
    {
        var backoff = Backoff();
        backoff.NextDelay(Start);

        var next = backoff.NextDelay(Start + TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));

        Assert.That(next, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }
}
