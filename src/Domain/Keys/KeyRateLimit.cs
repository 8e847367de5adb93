using Faultline.Domain.Common;

namespace Faultline.Domain.Keys;

/// <summary>An ingest key's own limit on events per minute (null: the configured default applies).</summary>
public static class KeyRateLimit
{
    public const string Field = "RateLimitPerMinute";

    /// <summary>Far above what one instance ingests (about 600,000 events a minute); beyond it a limit means nothing.</summary>
    public const int MaxPerMinute = 100_000_000;

    public static int? Create(int? perMinute) =>
        perMinute is null or (>= 1 and <= MaxPerMinute)
            ? perMinute
            : throw DomainValidationException.ForField(Field,
                $"{FieldError.FieldToken} is a whole number of events per minute from 1 to {MaxPerMinute}, or null for no limit of the key's own.");
}
