using Faultline.Domain.Common;

namespace Faultline.Domain.Time;

/// <summary>A half-open window of time: since &lt;= t &lt; until.</summary>
public sealed record TimeWindow
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(24);

    private TimeWindow(DateTimeOffset since, DateTimeOffset until)
    {
        Since = since;
        Until = until;
    }

    public DateTimeOffset Since { get; }

    public DateTimeOffset Until { get; }

    public static TimeWindow Create(DateTimeOffset since, DateTimeOffset until)
    {
        if (since >= until)
        {
            throw new DomainValidationException(
                DomainValidationException.InvalidTimeRange, "'since' must be earlier than 'until'.",
                new Dictionary<string, object?> { ["since"] = since.UtcDateTime, ["until"] = until.UtcDateTime });
        }

        return new TimeWindow(since.ToUniversalTime(), until.ToUniversalTime());
    }

    /// <summary>
    /// The statistics window: both ends optional; the default is the last 24 hours before 'until'
    /// (or before now), and 'until' defaults to now.
    /// </summary>
    public static TimeWindow FromQuery(string? since, string? until, DateTimeOffset now)
    {
        var untilValue = Timestamp.ParseOptional(until, "until") ?? now;
        var sinceValue = Timestamp.ParseOptional(since, "since") ?? untilValue - DefaultLength;
        return Create(sinceValue, untilValue);
    }
}
