using Faultline.Application.Events;
using Faultline.Domain.Events;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>One request's events on their way to the database, and the promise its request awaits.</summary>
public sealed class PendingWrite(long appId, IReadOnlyList<NewEvent> events, DateTime receivedAt)
{
    private readonly TaskCompletionSource<IReadOnlyList<WriteOutcome>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long AppId { get; } = appId;

    public IReadOnlyList<NewEvent> Events { get; } = events;

    /// <summary>UTC, truncated to microseconds as PostgreSQL stores it, so rollups and rows agree.</summary>
    public DateTime ReceivedAt { get; } = new(receivedAt.Ticks - (receivedAt.Ticks % 10), DateTimeKind.Utc);

    public Task<IReadOnlyList<WriteOutcome>> Completion => _completion.Task;

    public void Complete(IReadOnlyList<WriteOutcome> outcomes) => _completion.TrySetResult(outcomes);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
