using System.Globalization;
using Faultline.Domain.Common;

namespace Faultline.Domain.Time;

/// <summary>
/// A window given either as a look-back from now (<c>30m</c>, <c>2h</c>, <c>1d</c>, <c>7d</c>) or as
/// <c>start</c>/<c>end</c> RFC 3339 timestamps (end defaults to now).
/// </summary>
public static class LookBack
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(31);

    /// <summary>A look-back's length: a positive number of minutes (m), hours (h) or days (d).</summary>
    public static bool TryParse(string? text, out TimeSpan length)
    {
        length = default;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length < 2 || value.Length > 8
            || !int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
        {
            return false;
        }

        length = char.ToLowerInvariant(value[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.Zero,
        };
        return length > TimeSpan.Zero;
    }

    public static TimeSpan Parse(string? text, string field) =>
        TryParse(text, out var length)
            ? length
            : throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be a duration such as 30m, 2h, 1d or 7d.");

    /// <summary>The window asked for; <paramref name="defaultLength"/> back from now when neither form is given.</summary>
    public static TimeWindow Resolve(string? since, string? start, string? end, DateTimeOffset now, TimeSpan defaultLength)
    {
        if (!string.IsNullOrWhiteSpace(since) && (!string.IsNullOrWhiteSpace(start) || !string.IsNullOrWhiteSpace(end)))
        {
            throw DomainValidationException.ForField("Since", $"Give either {FieldError.FieldToken} or start/end, not both.");
        }

        TimeWindow window;
        if (!string.IsNullOrWhiteSpace(start) || !string.IsNullOrWhiteSpace(end))
        {
            var startValue = Timestamp.ParseOptional(start, "Start")
                ?? throw DomainValidationException.ForField("Start", $"{FieldError.FieldToken} is required with end.");
            window = TimeWindow.Create(startValue, Timestamp.ParseOptional(end, "End") ?? now);
        }
        else
        {
            var length = string.IsNullOrWhiteSpace(since) ? defaultLength : Parse(since, "Since");
            window = TimeWindow.Create(now - length, now);
        }

        if (window.Until - window.Since > MaxLength)
        {
            throw new DomainValidationException(
                ErrorCodes.InvalidTimeRange, $"A window spans at most {MaxLength.TotalDays} days.", [],
                new Dictionary<string, object?> { ["MaxDays"] = MaxLength.TotalDays });
        }

        return window;
    }
}
