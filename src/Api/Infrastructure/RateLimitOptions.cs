namespace Faultline.Api.Infrastructure;

/// <summary>Faultline:RateLimits — permits per fixed window, per credential kind.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Faultline:RateLimits";

    /// <summary>
    /// Per ingest key without a rate_limit_per_minute of its own, counted in events (a batch of 500 takes 500).
    /// Off by default (0): one instance ingests about 10,000 events/s, and a default below that would cut
    /// off an honest client before the engine is busy; operators limit the keys they distrust.
    /// </summary>
    public WindowLimit Ingest { get; set; } = new() { PermitsPerWindow = 0, WindowSeconds = 60 };

    /// <summary>Per operator credential, in requests.</summary>
    public WindowLimit Operator { get; set; } = new() { PermitsPerWindow = 1_200, WindowSeconds = 60 };

    /// <summary>Sign-in attempts (password or emailed code), counted per client IP and, separately, per email.</summary>
    public WindowLimit SignIn { get; set; } = new() { PermitsPerWindow = 20, WindowSeconds = 60 };

    /// <summary>Failed authentications per client IP, so keys cannot be guessed at speed.</summary>
    public WindowLimit FailedAuthentication { get; set; } = new() { PermitsPerWindow = 30, WindowSeconds = 60 };
}

public sealed class WindowLimit
{
    /// <summary>Permits per window; 0 or less means no limit.</summary>
    public int PermitsPerWindow { get; set; }

    public int WindowSeconds { get; set; }

    public bool IsOff => PermitsPerWindow <= 0;

    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, WindowSeconds));
}
