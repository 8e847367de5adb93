using Faultline.Domain.Time;

namespace Faultline.UnitTests.Domain;

public sealed class RollupSpansTests
{
    private static TimeWindow Window(string since, string until) =>
        TimeWindow.Create(DateTimeOffset.Parse(since), DateTimeOffset.Parse(until));

    [Test]
    public void An_unaligned_window_splits_into_raw_edges_minutes_and_whole_hours()
    {
        var spans = RollupSpans.MinutesAndHours(Window("2026-02-10T10:17:30Z", "2026-02-10T13:05:10Z"), useHours: true);

        Assert.That(spans.FineFrom, Is.EqualTo(DateTimeOffset.Parse("2026-02-10T10:18:00Z")));
        Assert.That(spans.CoarseFrom, Is.EqualTo(DateTimeOffset.Parse("2026-02-10T11:00:00Z")));
        Assert.That(spans.CoarseTo, Is.EqualTo(DateTimeOffset.Parse("2026-02-10T13:00:00Z")));
        Assert.That(spans.FineTo, Is.EqualTo(DateTimeOffset.Parse("2026-02-10T13:05:00Z")));
    }

    [Test]
    public void Without_hours_the_coarse_span_is_empty()
    {
        var spans = RollupSpans.MinutesAndHours(Window("2026-02-10T10:17:30Z", "2026-02-10T13:05:10Z"), useHours: false);
        Assert.That(spans.CoarseFrom, Is.EqualTo(spans.CoarseTo));
        Assert.That(spans.FineFrom, Is.LessThan(spans.FineTo));
    }

    [Test]
    public void A_window_inside_one_minute_is_all_raw()
    {
        var spans = RollupSpans.MinutesAndHours(Window("2026-02-10T10:17:05Z", "2026-02-10T10:17:55Z"), useHours: true);
        Assert.That(new[] { spans.FineFrom, spans.FineTo, spans.CoarseFrom, spans.CoarseTo }, Is.All.EqualTo(spans.Since));
    }

    [Test]
    public void Message_spans_use_whole_days_then_hours()
    {
        var spans = RollupSpans.HoursAndDays(Window("2026-02-08T22:30:00Z", "2026-02-11T03:10:00Z"));

        Assert.That(spans.FineFrom, Is.EqualTo(DateTimeOffset.Parse("2026-02-08T23:00:00Z")));
        Assert.That(spans.CoarseFrom, Is.EqualTo(DateTimeOffset.Parse("2026-02-09T00:00:00Z")));
        Assert.That(spans.CoarseTo, Is.EqualTo(DateTimeOffset.Parse("2026-02-11T00:00:00Z")));
        Assert.That(spans.FineTo, Is.EqualTo(DateTimeOffset.Parse("2026-02-11T03:00:00Z")));
    }

    [Test]
    public void Hour_spans_keep_the_whole_hours_and_leave_the_partial_ones_at_the_ends_raw()
    {
        var spans = RollupSpans.Hours(Window("2026-02-09T10:20:00Z", "2026-02-10T10:20:00Z"));

        Assert.That(spans.FineFrom, Is.EqualTo(DateTimeOffset.Parse("2026-02-09T11:00:00Z")));
        Assert.That(spans.FineTo, Is.EqualTo(DateTimeOffset.Parse("2026-02-10T10:00:00Z")));
        Assert.That(spans.CoarseFrom, Is.EqualTo(spans.CoarseTo));
    }
}
