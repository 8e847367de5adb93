using System.Threading.Channels;
using Faultline.Application.Common;
using Faultline.Application.Events;
using Faultline.Domain.Events;
using Faultline.Infrastructure.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>
/// Group commit: requests queue their events and wait; a few writer loops each take whatever is queued
/// (up to MaxEventsPerCommit) and commit it in one transaction, so under load one fsync serves many
/// requests. The queue is bounded in events; when full, or while stopping, requests get 503 at once.
/// On shutdown the loops drain what was accepted before the host stops.
/// </summary>
public sealed class GroupCommitEventWriter(
    EventBatchWriter batchWriter, IOptions<IngestionOptions> options, ILogger<GroupCommitEventWriter> logger)
    : BackgroundService, IEventWriter
{
    private const int RetryAfterSeconds = 1;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private long _queuedEvents;

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(
        long appId, IReadOnlyList<NewEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (Interlocked.Add(ref _queuedEvents, events.Count) > options.Value.MaxQueuedEvents)
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            throw new IngestionUnavailableException("The ingestion queue is full. Retry after the number of seconds in Retry-After.", RetryAfterSeconds);
        }

        var pending = new PendingWrite(appId, events, receivedAt.UtcDateTime);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            throw new IngestionUnavailableException("Faultline is shutting down. Retry against another instance or shortly.", RetryAfterSeconds);
        }

        // Once queued, the write happens even if the client goes away: it may already be committing.
        return await pending.Completion;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Writers)).Select(_ => Task.Run(WriterLoopAsync, CancellationToken.None)));

    /// <summary>Runs until the queue is completed and empty; stopping does not cancel, it drains.</summary>
    private async Task WriterLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var events = 0;
            while (events < options.Value.MaxEventsPerCommit && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            await CommitAsync(batch);
            Interlocked.Add(ref _queuedEvents, -events);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        try
        {
            await batchWriter.WriteAsync(batch, CancellationToken.None);
        }
        catch (Exception exception) when (batch.Count > 1 && DatabaseErrors.Classify(exception) == DatabaseErrorKind.InvalidData)
        {
            // One request's values were refused by PostgreSQL: write the requests one by one so only it fails.
            foreach (var pending in batch)
            {
                await CommitAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            if (DatabaseErrors.Classify(exception) == DatabaseErrorKind.None)
            {
                logger.LogError(exception, "A group commit of {Requests} requests failed", batch.Count);
            }

            foreach (var pending in batch)
            {
                pending.Fail(exception);
            }
        }
    }
}

/// <summary>No group commit: each request writes its own transaction (GroupCommit = false; the naive baseline).</summary>
public sealed class DirectEventWriter(EventBatchWriter batchWriter) : IEventWriter
{
    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(
        long appId, IReadOnlyList<NewEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(appId, events, receivedAt.UtcDateTime);
        await batchWriter.WriteAsync([pending], cancellationToken);
        return await pending.Completion;
    }
}
