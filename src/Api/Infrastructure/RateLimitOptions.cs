namespace Faultline.Api.Infrastructure;

/// <summary>Faultline:RateLimits — permits per fixed window, per credential kind.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Faultline:RateLimits";

    /// <summary>Per ingest key. High by default: ingestion is the hot path and batches are cheap.</summary>
    public WindowLimit Ingest { get; set; } = new() { PermitsPerWindow = 120_000, WindowSeconds = 60 };

    /// <summary>Per operator credential.</summary>
    public WindowLimit Operator { get; set; } = new() { PermitsPerWindow = 1_200, WindowSeconds = 60 };

    /// <summary>Failed authentications per client IP, so keys cannot be guessed at speed.</summary>
    public WindowLimit FailedAuthentication { get; set; } = new() { PermitsPerWindow = 30, WindowSeconds = 60 };
}

public sealed class WindowLimit
{
    public int PermitsPerWindow { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, WindowSeconds));
}
