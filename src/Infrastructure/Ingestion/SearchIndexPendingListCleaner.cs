using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>
/// Moves the free-text index's newly written entries into the index proper, four times a second while events are
/// being written, on a connection of its own. The trigram index (migration 22) takes new entries into a pending
/// list, and the insert that finds that list past 4 MB moves it, inline: with one group-commit writer, that insert
/// is every waiting request's commit, and the move held them all for tens of milliseconds about once a second
/// under load (single-event p99 28 ms with the index, 9 ms without it; docs/decisions/0030). Cleaned here, the
/// list stays far below the limit and the same work happens beside the writer rather than in its way. A writer
/// still cleans the list itself if it outruns this (large batches), as PostgreSQL always did.
/// </summary>
internal sealed class SearchIndexPendingListCleaner(
    EventBatchWriter writer, NpgsqlDataSource dataSource, ILogger<SearchIndexPendingListCleaner> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    // Today's and yesterday's partitions: the writers write by receipt time, so only those take new entries.
    private const string Sql = """
        SELECT coalesce(sum(gin_clean_pending_list(x.indexrelid::regclass)), 0)
        FROM pg_inherits i
        JOIN pg_index x ON x.indexrelid = i.inhrelid
        WHERE i.inhparent = 'events_search_trgm_idx'::regclass
          AND x.indrelid IN (to_regclass(@Today), to_regclass(@Yesterday))
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        var cleanedAfter = writer.EventsWritten;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var written = writer.EventsWritten;
                if (written != cleanedAfter && await CleanAsync(stoppingToken))
                {
                    cleanedAfter = written;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> CleanAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddWithValue("Today", PartitionManager.NameOf(today));
            command.Parameters.AddWithValue("Yesterday", PartitionManager.NameOf(today.AddDays(-1)));
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The writers clean the list themselves meanwhile; tried again at the next tick.
            logger.LogDebug(exception, "Could not clean the search index's pending list");
            return false;
        }
    }
}
