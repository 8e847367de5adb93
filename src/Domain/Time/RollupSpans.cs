namespace Faultline.Domain.Time;

/// <summary>
/// How a window splits between two rollups and the raw events: whole coarse buckets [CoarseFrom, CoarseTo)
/// from the coarse rollup, the remaining whole fine buckets [FineFrom, CoarseFrom) and [CoarseTo, FineTo)
/// from the fine rollup, and the partial fine buckets at the edges [Since, FineFrom) and [FineTo, Until)
/// from the raw events. Empty spans collapse to a point, so every instant is counted exactly once.
/// Counts use minutes (fine) and hours (coarse); top messages use hours and days.
/// </summary>
public sealed record RollupSpans(
    DateTimeOffset Since, DateTimeOffset Until, DateTimeOffset FineFrom, DateTimeOffset FineTo, DateTimeOffset CoarseFrom, DateTimeOffset CoarseTo)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Minutes and hours, for the count rollups.</summary>
    /// <param name="window">The window.</param>
    /// <param name="useHours">Whether hourly rows may be used (each must fall inside one output bucket).</param>
    public static RollupSpans MinutesAndHours(TimeWindow window, bool useHours) => Split(window, Minute, useHours ? Hour : null);

    /// <summary>Whole hours only, for rollups kept by the hour alone (an error group's counts).</summary>
    public static RollupSpans Hours(TimeWindow window) => Split(window, Hour, null);

    /// <summary>Hours and days, for the message rollups.</summary>
    public static RollupSpans HoursAndDays(TimeWindow window) => Split(window, Hour, Day);

    private static RollupSpans Split(TimeWindow window, TimeSpan fine, TimeSpan? coarse)
    {
        var fineFrom = Ceiling(window.Since, fine);
        var fineTo = Floor(window.Until, fine);
        if (fineFrom >= fineTo)
        {
            return new RollupSpans(window.Since, window.Until, window.Since, window.Since, window.Since, window.Since);
        }

        var coarseFrom = coarse is null ? fineFrom : Ceiling(fineFrom, coarse.Value);
        var coarseTo = coarse is null ? fineFrom : Floor(fineTo, coarse.Value);
        if (coarseFrom >= coarseTo)
        {
            coarseFrom = coarseTo = fineFrom;
        }

        return new RollupSpans(window.Since, window.Until, fineFrom, fineTo, coarseFrom, coarseTo);
    }

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan unit) =>
        new(instant.UtcTicks - (instant.UtcTicks % unit.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset instant, TimeSpan unit)
    {
        var floor = Floor(instant, unit);
        return floor == instant ? floor : floor + unit;
    }
}
