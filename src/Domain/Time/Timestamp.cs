using System.Globalization;
using Faultline.Domain.Common;

namespace Faultline.Domain.Time;

/// <summary>Reads RFC 3339 timestamps; a timestamp without an offset is read as UTC.</summary>
public static class Timestamp
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd' 'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd' 'HH:mm:ss",
        "yyyy-MM-dd",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // RFC 3339 allows a lower-case 't' and 'z'.
        var normalized = text.Trim().Replace('t', 'T').Replace('z', 'Z');
        if (!DateTimeOffset.TryParseExact(
                normalized, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    public static DateTimeOffset Parse(string? text, string field) =>
        TryParse(text, out var value)
            ? value
            : throw DomainValidationException.ForField(
                field, $"{FieldError.FieldToken} must be an RFC 3339 timestamp such as 2026-02-10T10:00:00Z.");

    public static DateTimeOffset? ParseOptional(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : Parse(text, field);
}
