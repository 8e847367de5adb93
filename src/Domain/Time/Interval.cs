using Faultline.Domain.Common;

namespace Faultline.Domain.Time;

/// <summary>The width of a time-series bucket; names match PostgreSQL's date_trunc units.</summary>
public enum Interval
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

public static class Intervals
{
    public const int MaxBuckets = 10_000;

    public static Interval Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Interval.Hour;
        }

        return text.Trim().ToUpperInvariant() switch
        {
            "MINUTE" => Interval.Minute,
            "HOUR" => Interval.Hour,
            "DAY" => Interval.Day,
            "WEEK" => Interval.Week,
            "MONTH" => Interval.Month,
            _ => throw DomainValidationException.ForField(nameof(Interval), $"{FieldError.FieldToken} must be one of MINUTE, HOUR, DAY, WEEK, MONTH."),
        };
    }

    /// <summary>The API name (upper case).</summary>
    public static string Name(this Interval interval) => interval.ToString().ToUpperInvariant();

    /// <summary>The PostgreSQL date_trunc unit (lower case).</summary>
    public static string Unit(this Interval interval) => interval.ToString().ToLowerInvariant();

    /// <summary>Aligns a local (wall-clock) time to the start of its bucket, as date_trunc does.</summary>
    public static DateTime Truncate(this Interval interval, DateTime local) => interval switch
    {
        Interval.Minute => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Kind),
        Interval.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Kind),
        Interval.Day => local.Date,
        Interval.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
        Interval.Month => new DateTime(local.Year, local.Month, 1, 0, 0, 0, local.Kind),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    /// <summary>The start of the bucket after the one starting at <paramref name="bucketStart"/>.</summary>
    public static DateTime Next(this Interval interval, DateTime bucketStart) => interval switch
    {
        Interval.Minute => bucketStart.AddMinutes(1),
        Interval.Hour => bucketStart.AddHours(1),
        Interval.Day => bucketStart.AddDays(1),
        Interval.Week => bucketStart.AddDays(7),
        Interval.Month => bucketStart.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    /// <summary>
    /// How many buckets a window spans in wall-clock time of the zone, counted arithmetically so that
    /// an absurd window is refused without enumerating it.
    /// </summary>
    public static long CountBuckets(this Interval interval, DateTime localSince, DateTime localUntil)
    {
        var first = interval.Truncate(localSince);
        var span = localUntil - first;
        var count = interval switch
        {
            Interval.Minute => Math.Ceiling(span.TotalMinutes),
            Interval.Hour => Math.Ceiling(span.TotalHours),
            Interval.Day => Math.Ceiling(span.TotalDays),
            Interval.Week => Math.Ceiling(span.TotalDays / 7),
            Interval.Month => ((localUntil.Year - first.Year) * 12) + localUntil.Month - first.Month
                + (localUntil > new DateTime(localUntil.Year, localUntil.Month, 1) ? 1 : 0),
            _ => throw new ArgumentOutOfRangeException(nameof(interval)),
        };
        return (long)Math.Max(1, count);
    }
}
