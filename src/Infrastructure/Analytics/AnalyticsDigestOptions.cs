namespace Faultline.Infrastructure.Analytics;

/// <summary>Faultline:AnalyticsDigests — how often the hourly digests of the product analytics are brought up to date.</summary>
public sealed class AnalyticsDigestOptions
{
    public const string Section = "Faultline:AnalyticsDigests";

    /// <summary>How often the builder looks for hours to digest; 0 turns the background run off.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>
    /// How long after an hour ends it is digested: an event is stamped with its receipt time before its batch commits,
    /// so an hour must be over by more than any commit can take for its digest to hold all of its events.
    /// </summary>
    public int GraceSeconds { get; set; } = 300;

    /// <summary>
    /// How many days after its summary was last read an app is still digested. Digesting costs in proportion to what an
    /// app ingests, so an app nobody reads is left alone; its first summary after that reads the events it was not
    /// digested for, and the next round of the builder catches up.
    /// </summary>
    public int IdleDays { get; set; } = 7;
}
