using Faultline.Domain.Events;

namespace Faultline.Application.Events;

/// <summary>What became of one submitted event: its id, and whether it was a duplicate of a stored one.</summary>
public readonly record struct WriteOutcome(long Id, DateTime ReceivedAt, bool Duplicate);

/// <summary>
/// Stores events durably: the returned task completes only after the events (and the rollups) are
/// committed. Throws <see cref="Common.IngestionUnavailableException"/> when it cannot take more.
/// </summary>
public interface IEventWriter
{
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(long appId, IReadOnlyList<NewEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}
