using System.Diagnostics;
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
/// requests. A batch (<see cref="BatchEvents"/> events or more) is already a group its client made: it
/// commits on its own in a lane of its own, so a commit's working set (rows, parameter arrays, rollup
/// groups, alive for the whole round trip) stays the size of one batch instead of every batch in flight,
/// and batches never delay single events. The queues are bounded together in events and in bytes; when
/// full, or while stopping, requests get 503 at once. On shutdown the loops drain what was accepted.
/// </summary>
public sealed class GroupCommitEventWriter(
    EventBatchWriter batchWriter, IOptions<IngestionOptions> options, ILogger<GroupCommitEventWriter> logger, StageTimings? timings = null)
    : BackgroundService, IEventWriter
{
    /// <summary>A request with this many events or more is a batch: it commits alone, in the batch lane.</summary>
    public const int BatchEvents = 100;

    private const int RetryAfterSeconds = 1;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Channel<PendingWrite> _batches = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private long _queuedEvents;
    private long _queuedBytes;

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(
        long appId, IReadOnlyList<NewEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        StageClock.Mark("MediatR: send, handler");
        var pending = new PendingWrite(appId, events, receivedAt.UtcDateTime);
        if (!TryAdmit(pending))
        {
            throw new IngestionUnavailableException("The ingestion queue is full. Retry after the number of seconds in Retry-After.", RetryAfterSeconds);
        }

        var lane = pending.Events.Count >= BatchEvents ? _batches : _queue;
        if (!lane.Writer.TryWrite(pending))
        {
            Release(pending.Events.Count, pending.EstimatedBytes);
            throw new IngestionUnavailableException("Faultline is shutting down. Retry against another instance or shortly.", RetryAfterSeconds);
        }

        // Once queued, the write happens even if the client goes away: it may already be committing.
        StageClock.Mark("hand-off to the writer");
        var outcomes = await pending.Completion;
        StageClock.MarkAfterWait("waiting: wake-up, commit, resumption");
        return outcomes;
    }

    /// <summary>Counts the request into the queue unless that would pass a bound; an empty queue takes any size in bytes.</summary>
    private bool TryAdmit(PendingWrite pending)
    {
        var events = Interlocked.Add(ref _queuedEvents, pending.Events.Count);
        var bytes = Interlocked.Add(ref _queuedBytes, pending.EstimatedBytes);
        var alone = events == pending.Events.Count;
        if (events <= options.Value.MaxQueuedEvents && (bytes <= options.Value.MaxQueuedBytes || alone))
        {
            return true;
        }

        Release(pending.Events.Count, pending.EstimatedBytes);
        return false;
    }

    private void Release(int events, long bytes)
    {
        Interlocked.Add(ref _queuedEvents, -events);
        Interlocked.Add(ref _queuedBytes, -bytes);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _batches.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Loops(options.Value.Writers, () => WriterLoopAsync(_queue.Reader, options.Value.MaxEventsPerCommit))
                .Concat(Loops(options.Value.BatchWriters, () => WriterLoopAsync(_batches.Reader, maxEvents: 1))));

    private static IEnumerable<Task> Loops(int count, Func<Task> loop) =>
        Enumerable.Range(0, Math.Max(1, count)).Select(_ => Task.Run(loop, CancellationToken.None));

    /// <summary>
    /// Runs until its queue is completed and empty; stopping does not cancel, it drains. A commit takes
    /// requests until it holds <paramref name="maxEvents"/> events (the batch lane: one request each).
    /// </summary>
    private async Task WriterLoopAsync(ChannelReader<PendingWrite> reader, int maxEvents)
    {
        var batch = new List<PendingWrite>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var events = 0;
            var bytes = 0L;
            while (events < maxEvents && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                events += pending.Events.Count;
                bytes += pending.EstimatedBytes;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            if (timings is not null)
            {
                foreach (var pending in batch)
                {
                    timings.Add("writer: queued until taken (wall)", null, started - pending.QueuedAt);
                }
            }

            await CommitAsync(batch);
            timings?.Add("writer: one commit's round trips (wall, per event)", null, Stopwatch.GetTimestamp() - started, events);
            Release(events, bytes);
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
