using Faultline.Domain.Common;
using Faultline.Domain.Time;

namespace Faultline.Domain.Keys;

/// <summary>When a key stops working: its optional expiry, and the grace an old key keeps when it is rotated.</summary>
public static class KeyLifetime
{
    public const int MaxGraceSeconds = 30 * 24 * 3600;

    /// <summary>An optional expiry (RFC 3339), which must lie after <paramref name="now"/>.</summary>
    public static DateTimeOffset? ParseExpiry(string? text, DateTimeOffset now)
    {
        const string field = "ExpiresAt";
        var expiresAt = Timestamp.ParseOptional(text, field);
        return expiresAt <= now
            ? throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be in the future.")
            : expiresAt;
    }

    /// <summary>How long a rotated key keeps working: 0 (the default) to 30 days.</summary>
    public static TimeSpan Grace(int? seconds)
    {
        var grace = seconds ?? 0;
        return grace is < 0 or > MaxGraceSeconds
            ? throw DomainValidationException.ForField("GraceSeconds", $"{FieldError.FieldToken} must be between 0 and {MaxGraceSeconds}.")
            : TimeSpan.FromSeconds(grace);
    }
}
