using Faultline.Domain.Common;

namespace Faultline.Domain.Time;

/// <summary>The IANA time zone that buckets are aligned in; UTC when none is given.</summary>
public sealed record BucketZone
{
    public static readonly BucketZone Utc = new("UTC", TimeZoneInfo.Utc);

    private BucketZone(string id, TimeZoneInfo zone)
    {
        Id = id;
        Zone = zone;
    }

    public string Id { get; }

    public TimeZoneInfo Zone { get; }

    public static BucketZone Parse(string? tz)
    {
        if (string.IsNullOrWhiteSpace(tz))
        {
            return Utc;
        }

        var id = tz.Trim();
        // Only IANA names that both .NET and PostgreSQL know; abbreviations and POSIX strings are refused
        // because PostgreSQL reads signs in POSIX offsets backwards, which would misplace every bucket.
        if (id.Length > 64 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
            || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId)
        {
            throw DomainValidationException.ForField("Tz", $"{FieldError.FieldToken} must be an IANA time zone name such as Europe/Warsaw.");
        }

        return new BucketZone(id, zone);
    }

    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>
    /// Whether the zone's offset from UTC is a whole number of hours throughout, so that every UTC hour
    /// lies inside one local hour (not true of India's +05:30 or Lord Howe's half-hour DST).
    /// </summary>
    public bool HasWholeHourOffsets =>
        Zone.BaseUtcOffset.Ticks % TimeSpan.TicksPerHour == 0
        && Zone.GetAdjustmentRules().All(rule =>
            rule.DaylightDelta.Ticks % TimeSpan.TicksPerHour == 0 && rule.BaseUtcOffsetDelta.Ticks % TimeSpan.TicksPerHour == 0);
}
