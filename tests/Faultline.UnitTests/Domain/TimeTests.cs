using Faultline.Domain.Common;
using Faultline.Domain.Time;

namespace Faultline.UnitTests.Domain;

public sealed class TimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    [TestCase("2026-02-10T10:00:00Z", "2026-02-10T10:00:00.0000000+00:00")]
    [TestCase("2026-02-10t10:00:00z", "2026-02-10T10:00:00.0000000+00:00")]
    [TestCase("2026-02-10T10:00:00+02:00", "2026-02-10T08:00:00.0000000+00:00")]
    [TestCase("2026-02-10T10:00:00.5-01:30", "2026-02-10T11:30:00.5000000+00:00")]
    [TestCase("2026-02-10T10:00:00", "2026-02-10T10:00:00.0000000+00:00")]
    [TestCase("2026-02-10 10:00:00Z", "2026-02-10T10:00:00.0000000+00:00")]
    public void Timestamps_are_RFC_3339_and_default_to_UTC(string text, string expected)
    {
        Assert.That(Timestamp.Parse(text, "t").ToString("O"), Is.EqualTo(expected));
    }

    [TestCase("yesterday")]
    [TestCase("2026-02-30T00:00:00Z")]
    [TestCase("2026-02-10T24:00:00Z")]
    [TestCase("10/02/2026")]
    [TestCase("1700000000")]
    public void Impossible_or_foreign_timestamps_are_refused(string text)
    {
        Assert.That(Timestamp.TryParse(text, out _), Is.False);
    }

    [Test]
    public void The_default_window_is_the_last_24_hours()
    {
        var window = TimeWindow.FromQuery(null, null, Now);
        Assert.That(window.Since, Is.EqualTo(Now.AddHours(-24)));
        Assert.That(window.Until, Is.EqualTo(Now));
    }

    [Test]
    public void A_window_must_not_be_empty_or_reversed()
    {
        var error = Assert.Throws<DomainValidationException>(() => TimeWindow.FromQuery("2026-02-10T00:00:00Z", "2026-02-10T00:00:00Z", Now));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidTimeRange));
        Assert.Throws<DomainValidationException>(() => TimeWindow.FromQuery("2026-02-11T00:00:00Z", "2026-02-10T00:00:00Z", Now));
    }

    [TestCase("minute", Interval.Minute)]
    [TestCase("HOUR", Interval.Hour)]
    [TestCase("Day", Interval.Day)]
    [TestCase("week", Interval.Week)]
    [TestCase("MONTH", Interval.Month)]
    [TestCase(null, Interval.Hour)]
    public void Intervals_are_case_insensitive_and_default_to_hour(string? text, Interval expected)
    {
        Assert.That(Intervals.Parse(text), Is.EqualTo(expected));
    }

    [Test]
    public void Unknown_intervals_are_refused()
    {
        Assert.Throws<DomainValidationException>(() => Intervals.Parse("SECOND"));
    }

    [TestCase(Interval.Minute, "2026-02-10T00:00:30", "2026-02-10T00:10:00", 10)]
    [TestCase(Interval.Hour, "2026-02-10T00:30:00", "2026-02-11T00:00:00", 24)]
    [TestCase(Interval.Hour, "2026-02-10T00:30:00", "2026-02-11T00:00:01", 25)]
    [TestCase(Interval.Day, "2026-02-10T12:00:00", "2026-02-12T00:00:00", 2)]
    [TestCase(Interval.Week, "2026-02-11T00:00:00", "2026-02-16T00:00:00", 1)]
    [TestCase(Interval.Month, "2026-01-15T00:00:00", "2026-03-01T00:00:00", 2)]
    [TestCase(Interval.Month, "2026-01-15T00:00:00", "2026-03-02T00:00:00", 3)]
    public void Buckets_are_counted_from_the_aligned_start_to_the_exclusive_end(Interval interval, string since, string until, long expected)
    {
        Assert.That(interval.CountBuckets(DateTime.Parse(since), DateTime.Parse(until)), Is.EqualTo(expected));
    }

    [Test]
    public void Weeks_start_on_monday_as_date_trunc_has_it()
    {
        Assert.That(Interval.Week.Truncate(new DateTime(2026, 2, 15, 13, 0, 0)), Is.EqualTo(new DateTime(2026, 2, 9)));
    }

    [Test]
    public void More_than_10000_buckets_is_an_invalid_time_range()
    {
        var window = TimeWindow.Create(Now.AddMinutes(-10_001), Now);
        var error = Assert.Throws<DomainValidationException>(() => SeriesRequest.Create(window, Interval.Minute, BucketZone.Utc));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidTimeRange));
        Assert.DoesNotThrow(() => SeriesRequest.Create(TimeWindow.Create(Now.AddMinutes(-10_000), Now), Interval.Minute, BucketZone.Utc));
    }

    [TestCase("Europe/Warsaw")]
    [TestCase("America/New_York")]
    [TestCase("UTC")]
    public void IANA_zones_are_accepted(string tz)
    {
        Assert.That(BucketZone.Parse(tz).Id, Is.EqualTo(tz));
    }

    [TestCase("Mars/Olympus")]
    [TestCase("EST5EDT,M3.2.0,M11.1.0")]
    [TestCase("'; DROP TABLE events; --")]
    public void Unknown_zones_are_refused(string tz)
    {
        Assert.Throws<DomainValidationException>(() => BucketZone.Parse(tz));
    }

    [Test]
    public void Paging_limits_are_checked()
    {
        Assert.That(Paging.Create(null, null, 20, 50), Is.EqualTo(new Paging(20, 0)));
        Assert.Throws<DomainValidationException>(() => Paging.Create(0, 0, 20, 50));
        Assert.Throws<DomainValidationException>(() => Paging.Create(51, 0, 20, 50));
        Assert.Throws<DomainValidationException>(() => Paging.Create(10, -1, 20, 50));
    }
}
