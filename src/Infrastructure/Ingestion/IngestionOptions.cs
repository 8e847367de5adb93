namespace Faultline.Infrastructure.Ingestion;

/// <summary>Faultline:Ingestion — how events reach the database.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Faultline:Ingestion";

    /// <summary>Coalesce concurrent requests into one commit (true), or write each request on its own (false).</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Events accepted but not yet committed; beyond this ingestion answers 503 with Retry-After.</summary>
    public int MaxQueuedEvents { get; set; } = 100_000;

    /// <summary>
    /// Memory that accepted, not yet committed events may hold (an estimate of their text), 64 MiB by
    /// default; beyond it ingestion answers 503 with Retry-After, so a burst of large batches waits in its
    /// clients instead of in Faultline's heap. A request larger than this is still taken when the queue is empty.
    /// </summary>
    public long MaxQueuedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most events one commit takes.</summary>
    public int MaxEventsPerCommit { get; set; } = 10_000;

    /// <summary>
    /// Group commits of small requests that may be in flight at once (each on its own connection). One: the
    /// next group gathers while a commit runs, so commits are larger and fewer, and PostgreSQL's fixed cost per
    /// commit is shared by more events (docs/decisions/0017-single-event-cost.md).
    /// </summary>
    public int Writers { get; set; } = 1;

    /// <summary>Commits of batches (one batch each) that may be in flight at once, beside the group commits.</summary>
    public int BatchWriters { get; set; } = 8;
}
