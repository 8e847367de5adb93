using System.Globalization;
using System.Text.Json;
using Dapper;
using Faultline.Application.Common;
using Faultline.Infrastructure.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Faultline.Infrastructure.Maintenance;

/// <summary>
/// Keeps the event store in shape: daily partitions ahead of time; retention by dropping whole partitions
/// past the global maximum age; per-app retention by deleting one app's rows one partition at a time;
/// rollups, the analytics digests and idempotency keys trimmed to match. Cut-offs fall on whole days (UTC) so rollups stay exact.
/// The block-range indexes of days that have ended are summarized to their last block, and again from the start when a
/// summarization cut short left a range that matches everything.
/// </summary>
public sealed class EventStoreMaintenance(
    NpgsqlDataSource dataSource, PartitionManager partitions, IClock clock, IOptions<RetentionOptions> options,
    ILogger<EventStoreMaintenance> logger) : BackgroundService
{
    private const int DeleteBatchSize = 10_000;

    // Any fixed 64-bit number works; this one spells "FaultMnt". Instances sharing a database take it in
    // turn; one that finds it taken skips the round, because the holder is doing the same work.
    private const long AdvisoryLockKey = 0x4661756c744d6e74;

    private const string PartitionsSql = """
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'events' AND p.relnamespace = c.relnamespace AND c.relnamespace = 'public'::regnamespace
        """;

    private const string AppRetentionSql = "SELECT id AS AppId, retention_days AS Days FROM apps WHERE retention_days IS NOT NULL";

    // Rollups of one app (or of all, when @AppId is null) before the cut-off.
    private const string TrimRollupsSql = """
        DELETE FROM event_counts_minute WHERE minute < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM event_counts_hour WHERE hour < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM message_counts_hour WHERE hour < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM message_counts_day WHERE day < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM request_stats_minute WHERE minute < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM request_stats_hour WHERE hour < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM error_group_counts_hour
        WHERE hour < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR group_id IN (SELECT id FROM error_groups WHERE app_id = @AppId));
        DELETE FROM jobs WHERE created_at < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        DELETE FROM anomalies WHERE window_end < @Cutoff AND (CAST(@AppId AS bigint) IS NULL OR app_id = @AppId);
        SELECT analytics_digest_trim(CAST(@AppId AS bigint), @Cutoff);
        """;

    // VACUUM summarizes a block-range index's full ranges only, so the last, partial range of every partition stays
    // unsummarized, and an unsummarized range matches any value: each day outside an occurred_at window then hands
    // the bitmap heap scan its last blocks, which keeps the free-text search's trigram scan of that day from being
    // skipped (docs/decisions/0029). A day that has ended receives no more events (received_at is the server's
    // clock), so its last range can be summarized once for good; today's is left alone, or every insert would
    // widen its summary.
    private const string SummarizeClosedDaysSql = """
        SELECT coalesce(sum(brin_summarize_new_values(i.indexrelid)), 0)
        FROM pg_inherits h
        JOIN pg_class p ON p.oid = h.inhparent
        JOIN pg_class c ON c.oid = h.inhrelid
        JOIN pg_index i ON i.indrelid = c.oid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE p.relname = 'events' AND p.relnamespace = 'public'::regnamespace AND c.relnamespace = p.relnamespace
          AND am.amname = 'brin' AND c.relname = ANY(@Partitions)
        """;

    // A summarization cut short (autovacuum cancelled by a lock request that waited on it, a statement timeout) leaves
    // its range's placeholder tuple behind, and PostgreSQL then matches every range from that one to the end of the
    // partition; brin_summarize_new_values leaves such a range as it is, since it has a tuple (docs/decisions/0035). No
    // event occurred after 'infinity', so the block-range index hands a scan for one exactly the blocks of ranges
    // that are not summarized as they should be: none, for a day whose index is sound.
    private const string StaleRangesPlanSql = "EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1 FROM {0} WHERE occurred_at > 'infinity'";

    private const string PartitionBrinIndexesSql = """
        SELECT i.indexrelid
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = CAST(@Partition AS regclass) AND am.amname = 'brin'
        """;

    private const string DesummarizeSql = $"""
        SELECT count(brin_desummarize_range(x.indexrelid, block))
        FROM ({PartitionBrinIndexesSql}) AS x,
             generate_series(0, pg_relation_size(CAST(@Partition AS regclass)) / current_setting('block_size')::bigint, 128) AS block
        """;

    private const string SummarizeSql = $"SELECT coalesce(sum(brin_summarize_new_values(x.indexrelid)), 0) FROM ({PartitionBrinIndexesSql}) AS x";

    private const string TrimEventIdsSql = """
        DELETE FROM event_ids
        WHERE ctid IN (SELECT ctid FROM event_ids WHERE received_at < @Cutoff LIMIT @BatchSize)
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalMinutes <= 0)
        {
            return; // disabled: something else (a test, an external scheduler) calls RunOnceAsync
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Event store maintenance failed; it will run again");
            }

            await Task.Delay(TimeSpan.FromMinutes(options.Value.IntervalMinutes), stoppingToken);
        }
    }

    /// <summary>One round of maintenance, unless another instance is running one; says what it did.</summary>
    public async Task<MaintenanceReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken)))
        {
            logger.LogDebug("Event store maintenance is running on another instance; this round is skipped");
            return MaintenanceReport.Skipped;
        }

        try
        {
            return await RunLockedAsync(connection, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<MaintenanceReport> RunLockedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await partitions.EnsureAsync(
            Enumerable.Range(-1, options.Value.PartitionsAheadDays + 2).Select(today.AddDays), cancellationToken);

        var dropped = new List<string>();
        var existing = (await connection.QueryAsync<string>(new CommandDefinition(PartitionsSql, cancellationToken: cancellationToken)))
            .Select(name => (Name: name, Day: ParseDay(name))).Where(p => p.Day is not null).Select(p => (p.Name, Day: p.Day!.Value)).ToList();

        // Global retention: whole days older than the cut-off go by DROP TABLE.
        var globalCutoff = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-options.Value.MaxAgeDays));
        foreach (var (name, day) in existing.Where(p => p.Day < globalCutoff))
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {name}", cancellationToken: cancellationToken));
            partitions.Forget(day);
            dropped.Add(name);
            logger.LogInformation("Dropped partition {Partition} (older than {Days} days)", name, options.Value.MaxAgeDays);
        }

        var globalCutoffInstant = globalCutoff.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await connection.ExecuteAsync(new CommandDefinition(TrimRollupsSql, new { Cutoff = globalCutoffInstant, AppId = (long?)null }, cancellationToken: cancellationToken));

        // Per-app retention: other apps share the partitions, so this app's rows go one partition at a time.
        foreach (var app in await connection.QueryAsync<(long AppId, int Days)>(new CommandDefinition(AppRetentionSql, cancellationToken: cancellationToken)))
        {
            var cutoff = now.UtcDateTime.AddDays(-app.Days).Date;
            foreach (var (name, _) in existing.Where(p => p.Day >= globalCutoff && p.Day.ToDateTime(TimeOnly.MinValue) < cutoff))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {name} WHERE app_id = @AppId AND received_at < @Cutoff", new { app.AppId, Cutoff = cutoff }, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(new CommandDefinition(TrimRollupsSql, new { Cutoff = cutoff, AppId = (long?)app.AppId }, cancellationToken: cancellationToken));
        }

        var closed = existing.Where(p => p.Day >= globalCutoff && p.Day < today).Select(p => p.Name).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(SummarizeClosedDaysSql, new { Partitions = closed }, cancellationToken: cancellationToken));
        foreach (var partition in closed)
        {
            await RepairBlockRangesAsync(connection, partition, cancellationToken);
        }

        // Idempotency keys outside the dedup window, in bounded batches.
        var dedupCutoff = now.UtcDateTime.AddDays(-Math.Max(7, options.Value.DedupWindowDays));
        while (await connection.ExecuteAsync(new CommandDefinition(
                   TrimEventIdsSql, new { Cutoff = dedupCutoff, BatchSize = DeleteBatchSize }, cancellationToken: cancellationToken)) == DeleteBatchSize)
        {
        }

        return new MaintenanceReport(Ran: true, dropped);
    }

    /// <summary>Summarizes a closed day's block-range indexes again when a range left half-summarized makes them match too much.</summary>
    private async Task RepairBlockRangesAsync(NpgsqlConnection connection, string partition, CancellationToken cancellationToken)
    {
        long staleBlocks;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // The scan of the index is what is measured; without this the planner may read a small day whole instead.
            await connection.ExecuteAsync(new CommandDefinition("SET LOCAL enable_seqscan = off", transaction: transaction, cancellationToken: cancellationToken));
            var plan = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                string.Format(CultureInfo.InvariantCulture, StaleRangesPlanSql, partition), transaction: transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            using var document = JsonDocument.Parse(plan ?? "[]");
            staleBlocks = LossyBlocks(document.RootElement);
        }

        if (staleBlocks > 0)
        {
            // Every range taken away (placeholders too), then summarized from the heap, in one transaction. Ranges are
            // 128 pages (migration 22 keeps PostgreSQL's default), so a step of 128 blocks reaches each of them.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(DesummarizeSql, new { Partition = partition }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(SummarizeSql, new { Partition = partition }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation(
                "Summarized the block-range indexes of {Partition} again: {Blocks} blocks were matched by every occurred_at bound", partition, staleBlocks);
        }
    }

    /// <summary>The heap blocks a plan's bitmap scans read lossily, from EXPLAIN's JSON.</summary>
    private static long LossyBlocks(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Array => node.EnumerateArray().Sum(LossyBlocks),
        JsonValueKind.Object => node.EnumerateObject().Sum(property =>
            property.Name == "Lossy Heap Blocks" && property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetInt64() : LossyBlocks(property.Value)),
        _ => 0,
    };

    private static DateOnly? ParseDay(string partition) =>
        partition.StartsWith("events_p", StringComparison.Ordinal)
        && DateOnly.TryParseExact(partition["events_p".Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
}

/// <summary>What one round of maintenance did: nothing when another instance held the round.</summary>
public sealed record MaintenanceReport(bool Ran, IReadOnlyList<string> DroppedPartitions)
{
    public static MaintenanceReport Skipped { get; } = new(false, []);
}
