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
                ErrorCodes.InvalidTimeRange, "The window must start before it ends.", [],
                new Dictionary<string, object?> { [nameof(Since)] = since.UtcDateTime, [nameof(Until)] = until.UtcDateTime });
        }

        return new TimeWindow(since.ToUniversalTime(), until.ToUniversalTime());
    }

    /// <summary>Optional bounds of a list's filter: each may be missing, but when both are given the window must not be empty.</summary>
    public static (DateTimeOffset? Since, DateTimeOffset? Until) OptionalBounds(string? since, string? until)
    {
        var sinceValue = Timestamp.ParseOptional(since, nameof(Since));
        var untilValue = Timestamp.ParseOptional(until, nameof(Until));
        if (sinceValue is not null && untilValue is not null)
        {
            Create(sinceValue.Value, untilValue.Value);
        }

        return (sinceValue, untilValue);
    }

    /// <summary>
    /// The statistics window: both ends optional; the default is the last 24 hours before 'until'
    /// (or before now), and 'until' defaults to now.
    /// </summary>
    public static TimeWindow FromQuery(string? since, string? until, DateTimeOffset now)
    {
        var untilValue = Timestamp.ParseOptional(until, nameof(Until)) ?? now;
        var sinceValue = Timestamp.ParseOptional(since, nameof(Since)) ?? untilValue - DefaultLength;
        return Create(sinceValue, untilValue);
    }
}
