using Faultline.Application.Events;
using Faultline.Domain.Events;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>One request's events on their way to the database, and the promise its request awaits.</summary>
public sealed class PendingWrite(long appId, IReadOnlyList<NewEvent> events, DateTime receivedAt)
{
    private readonly TaskCompletionSource<IReadOnlyList<WriteOutcome>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long AppId { get; } = appId;

    public IReadOnlyList<NewEvent> Events { get; } = events;

    /// <summary>About how much memory the events' text takes (UTF-16), for the ingestion queue's byte bound.</summary>
    public long EstimatedBytes { get; } = events.Sum(EstimateBytes);

    /// <summary>UTC, truncated to microseconds as PostgreSQL stores it, so rollups and rows agree.</summary>
    public DateTime ReceivedAt { get; } = new(receivedAt.Ticks - (receivedAt.Ticks % 10), DateTimeKind.Utc);

    /// <summary>When it was queued (Stopwatch ticks), for the stage timing diagnostic (record 0017).</summary>
    public long QueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public Task<IReadOnlyList<WriteOutcome>> Completion => _completion.Task;

    public void Complete(IReadOnlyList<WriteOutcome> outcomes) => _completion.TrySetResult(outcomes);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    // Objects, headers and the tag dictionary's buckets are covered by a fixed allowance per event.
    private static long EstimateBytes(NewEvent item)
    {
        const int perEvent = 512;
        var fields = item.Fields;
        long characters = item.Message.Length + item.Fingerprint.Length + Length(item.Name) + Length(item.EventId)
            + Length(fields.UserId) + Length(fields.SessionId) + Length(fields.Release) + Length(fields.Environment)
            + Length(fields.PageUrl) + Length(fields.UserAgent) + Length(fields.HttpMethod) + Length(fields.HttpPath)
            + Length(fields.StackJson) + Length(fields.PayloadJson);
        if (fields.Tags is { } tags)
        {
            foreach (var (key, value) in tags)
            {
                characters += key.Length + value.Length;
            }
        }

        return perEvent + (2 * characters);
    }

    private static int Length(string? text) => text?.Length ?? 0;
}
