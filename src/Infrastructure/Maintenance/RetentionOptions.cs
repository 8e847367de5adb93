namespace Faultline.Infrastructure.Maintenance;

/// <summary>Faultline:Retention — how long data is kept and how far ahead partitions are made.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Faultline:Retention";

    /// <summary>Events older than this many days go, whole daily partitions at a time.</summary>
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>How long a client event_id is remembered for idempotency (at least 7 days).</summary>
    public int DedupWindowDays { get; set; } = 7;

    /// <summary>Daily partitions created ahead of today.</summary>
    public int PartitionsAheadDays { get; set; } = 3;

    /// <summary>How often maintenance runs; 0 turns the background run off.</summary>
    public int IntervalMinutes { get; set; } = 60;
}
