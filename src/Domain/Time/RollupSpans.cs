namespace Faultline.Domain.Time;

/// <summary>
/// How a window splits between rollups and raw events: whole hours [HourFrom, HourTo) from the hourly
/// rollup, the remaining whole minutes [MinuteFrom, HourFrom) and [HourTo, MinuteTo) from the minute
/// rollup, and the partial minutes at the edges [Since, MinuteFrom) and [MinuteTo, Until) from the raw
/// events. Empty spans collapse to a point, so every instant of the window is counted exactly once.
/// </summary>
public sealed record RollupSpans(
    DateTimeOffset Since, DateTimeOffset Until, DateTimeOffset MinuteFrom, DateTimeOffset MinuteTo, DateTimeOffset HourFrom, DateTimeOffset HourTo)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <param name="window">The window.</param>
    /// <param name="useHours">Whether hourly rows may be used (each must fall inside one output bucket).</param>
    public static RollupSpans For(TimeWindow window, bool useHours)
    {
        var minuteFrom = Ceiling(window.Since, Minute);
        var minuteTo = Floor(window.Until, Minute);
        if (minuteFrom >= minuteTo)
        {
            return new RollupSpans(window.Since, window.Until, window.Since, window.Since, window.Since, window.Since);
        }

        var hourFrom = Ceiling(minuteFrom, Hour);
        var hourTo = Floor(minuteTo, Hour);
        if (!useHours || hourFrom >= hourTo)
        {
            hourFrom = hourTo = minuteFrom;
        }

        return new RollupSpans(window.Since, window.Until, minuteFrom, minuteTo, hourFrom, hourTo);
    }

    /// <summary>Whole hours only (the message rollup is hourly): minutes are left to the raw events.</summary>
    public static RollupSpans HoursOnly(TimeWindow window)
    {
        var hourFrom = Ceiling(window.Since, Hour);
        var hourTo = Floor(window.Until, Hour);
        if (hourFrom >= hourTo)
        {
            hourFrom = hourTo = window.Since;
        }

        return new RollupSpans(window.Since, window.Until, hourFrom, hourTo, hourFrom, hourTo);
    }

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan unit) =>
        new(instant.UtcTicks - (instant.UtcTicks % unit.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset instant, TimeSpan unit)
    {
        var floor = Floor(instant, unit);
        return floor == instant ? floor : floor + unit;
    }
}
