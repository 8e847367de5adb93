using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Faultline.Application.Events;
using Faultline.Application.Groups;
using Faultline.Domain.Events;
using Npgsql;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>
/// Writes the events of one or more requests in a single transaction: idempotency keys, the new rows, and
/// the rollups that statistics read. Nothing is acknowledged before the commit. The whole write is one round
/// trip: one batch of statements, which PostgreSQL runs as one implicit transaction. With client event ids,
/// the events' insert claims them all and fails (rolling back the whole batch) if any was already taken, which
/// only a retried event does; only then is the write redone the careful way: the ids claimed first in an
/// explicit transaction, the events seen before answered as duplicates (docs/decisions/0026, 0031).
/// </summary>
public sealed class EventBatchWriter(NpgsqlDataSource dataSource, PartitionManager partitions, KnownGroupRows knownGroups)
{
    // Sorted so that concurrent writers take row locks in the same order and cannot deadlock. A claimed
    // event id gets the events row id it will be stored under.
    private const string ClaimEventIdsSql = """
        INSERT INTO event_ids (app_id, event_id, id, received_at)
        SELECT app_id, event_id, nextval('events_id_seq'), received_at
        FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS t (app_id, event_id, received_at)
        ORDER BY app_id, event_id
        ON CONFLICT (app_id, event_id) DO NOTHING
        RETURNING app_id, event_id, id
        """;

    private const string StoredEventIdsSql = """
        SELECT s.app_id, s.event_id, s.id, s.received_at
        FROM event_ids s
        JOIN unnest($1::bigint[], $2::text[]) AS t (app_id, event_id) ON t.app_id = s.app_id AND t.event_id = s.event_id
        """;

    // Rows arrive as one array per column. An id comes from the claim of its client event id (given) or from the
    // sequence; a group's id is given when this process knows it (KnownGroupRows), else looked up by fingerprint,
    // its row being there already (ErrorGroupWrites.EnsureCommand runs first).
    private const string InputSql = """
        input AS (
            SELECT coalesce(t.given_id, nextval('events_id_seq')) AS id,
                   CASE WHEN t.group_key IS NOT NULL
                        THEN coalesce(t.given_group_id, (SELECT g.id FROM error_groups g WHERE g.app_id = t.app_id AND g.fingerprint = t.group_key)) END AS group_id,
                   t.*
            FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                        $16::text[], $17::text[], $18::text[], $19::integer[], $20::double precision[], $21::text[], $22::text[], $23::text[],
                        $24::text[], $25::smallint[], $26::text[], $27::bigint[])
                 WITH ORDINALITY AS t (given_id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at,
                        user_id, session_id, release, environment, page_url, user_agent, http_method, http_path, status_code,
                        duration_ms, stack, tags, payload, metadata, priority, group_key, given_group_id, ord)
        )
        """;

    private const string StoredSql = """
        stored AS (
            INSERT INTO events (id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at,
                                user_id, session_id, release, environment, page_url, user_agent,
                                http_method, http_path, status_code, duration_ms, stack, tags, payload, metadata, priority, group_id)
            SELECT id, app_id, kind, level, name, message, fingerprint, coalesce(event_id, 'fl-' || id), occurred_at, received_at,
                   user_id, session_id, release, environment, page_url, user_agent,
                   http_method, http_path, status_code, duration_ms, stack::json, tags::jsonb, payload::json, metadata::json, priority, group_id
            FROM input
        )
        """;

    /// <summary>The events' insert; their ids and group ids come back in input order.</summary>
    private const string InsertEventsSql = "WITH " + InputSql + ", " + StoredSql + " SELECT id, group_id FROM input ORDER BY ord";

    // The one-round-trip write (TryWriteInOneRoundTripAsync): the same insert, claiming every client event id
    // under the id its event is stored with. Every id must be new: a taken one violates event_ids' key, which fails
    // the statement, and with it the batch's implicit transaction, before anything is committed. A plain insert,
    // not ON CONFLICT DO NOTHING with a count of what it skipped: the speculative insertion that ON CONFLICT makes
    // cost about 2 µs more per claimed id, for an outcome that only a retried event ever takes (record 0036).
    // Claims are sorted so that concurrent writers take their locks in one order.
    private const string ClaimAndInsertEventsSql = "WITH " + InputSql + """
        , claimed AS (
            INSERT INTO event_ids (app_id, event_id, id, received_at)
            SELECT app_id, event_id, id, received_at FROM input WHERE event_id IS NOT NULL
            ORDER BY app_id, event_id
        ),
        """ + StoredSql + """
        SELECT id, group_id FROM input ORDER BY ord
        """;

    private const string ClaimsKey = "event_ids_pkey";

    private const string MinuteCountsSql = """
        INSERT INTO event_counts_minute AS c (app_id, minute, level, kind, count)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[])
        ON CONFLICT (app_id, minute, level, kind) DO UPDATE SET count = c.count + excluded.count
        """;

    private const string HourCountsSql = """
        INSERT INTO event_counts_hour AS c (app_id, hour, level, kind, count)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[])
        ON CONFLICT (app_id, hour, level, kind) DO UPDATE SET count = c.count + excluded.count
        """;

    private const string HourMessagesSql = """
        INSERT INTO message_counts_hour AS m (app_id, hour, level, message_hash, message, count, last_seen)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::bytea[], $5::text[], $6::bigint[], $7::timestamptz[])
        ON CONFLICT (app_id, hour, level, message_hash)
        DO UPDATE SET count = m.count + excluded.count, last_seen = greatest(m.last_seen, excluded.last_seen)
        """;

    private const string DayMessagesSql = """
        INSERT INTO message_counts_day AS m (app_id, day, level, message_hash, message, count, last_seen)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::bytea[], $5::text[], $6::bigint[], $7::timestamptz[])
        ON CONFLICT (app_id, day, level, message_hash)
        DO UPDATE SET count = m.count + excluded.count, last_seen = greatest(m.last_seen, excluded.last_seen)
        """;

    // Per-app totals that outlive retention. Its row is taken after the rollups' rows in the same commit, and
    // those are already per app, so it adds no wait that the rollups did not already impose.
    private const string IngestionTotalsSql = """
        INSERT INTO app_ingestion AS a (app_id, ingested, duplicates)
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
        ON CONFLICT (app_id) DO UPDATE SET ingested = a.ingested + excluded.ingested, duplicates = a.duplicates + excluded.duplicates
        """;

    private const string MinuteRequestsSql = """
        INSERT INTO request_stats_minute AS r (app_id, minute, method, path, bucket, count, errors, sum_ms, min_ms, max_ms)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::smallint[], $6::bigint[], $7::bigint[],
                             $8::double precision[], $9::double precision[], $10::double precision[])
        ON CONFLICT (app_id, minute, method, path, bucket) DO UPDATE
        SET count = r.count + excluded.count, errors = r.errors + excluded.errors, sum_ms = r.sum_ms + excluded.sum_ms,
            min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms)
        """;

    private const string HourRequestsSql = """
        INSERT INTO request_stats_hour AS r (app_id, hour, method, path, bucket, count, errors, sum_ms, min_ms, max_ms)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::smallint[], $6::bigint[], $7::bigint[],
                             $8::double precision[], $9::double precision[], $10::double precision[])
        ON CONFLICT (app_id, hour, method, path, bucket) DO UPDATE
        SET count = r.count + excluded.count, errors = r.errors + excluded.errors, sum_ms = r.sum_ms + excluded.sum_ms,
            min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms)
        """;

    private long _eventsWritten;

    /// <summary>Events this process has committed (and duplicates answered), for work that follows the writes.</summary>
    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    public async Task WriteAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var rows = batch.SelectMany(pending => pending.Events.Select(item => new Row(pending, item))).ToList();
        await partitions.EnsureAsync(batch.Select(pending => DateOnly.FromDateTime(pending.ReceivedAt)), cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var first = FirstOfEachEventId(rows);
        if (first.Count == 0 || !await TryWriteInOneRoundTripAsync(connection, rows, knownGroups, cancellationToken))
        {
            await using var transaction = first.Count > 0 ? await connection.BeginTransactionAsync(cancellationToken) : null;
            if (transaction is not null)
            {
                await ResolveDuplicatesAsync(connection, first, cancellationToken);
            }

            await using (var write = WriteBatch(connection, rows, claimEventIds: false, knownGroups))
            {
                await using var reader = await write.ExecuteReaderAsync(cancellationToken);
                await ReadIdsAsync(reader, rows, cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        Interlocked.Add(ref _eventsWritten, rows.Count);
        knownGroups.Committed(rows
            .Where(row => !row.Duplicate && row.GroupId is not null)
            .Select(row => (row.AppId, row.Event.Fingerprint, row.GroupId!.Value, row.Event.Fields.UserId)));
        var byRequest = rows.ToLookup(row => row.Pending);
        foreach (var pending in batch)
        {
            pending.Complete(byRequest[pending].Select(row => new WriteOutcome(row.OutcomeId, row.ReceivedAt, row.Duplicate)).ToList());
        }
    }

    /// <summary>
    /// The write of a batch whose client event ids are all new, as they are unless a client retries: the claim
    /// made by the events' insert itself. False, with nothing written, when an id was taken already.
    /// </summary>
    private static async Task<bool> TryWriteInOneRoundTripAsync(
        NpgsqlConnection connection, List<Row> rows, KnownGroupRows knownGroups, CancellationToken cancellationToken)
    {
        await using var write = WriteBatch(connection, rows, claimEventIds: true, knownGroups);
        try
        {
            await using var reader = await write.ExecuteReaderAsync(cancellationToken);
            await ReadIdsAsync(reader, rows, cancellationToken);
            return true;
        }
        catch (PostgresException taken) when (taken.SqlState == PostgresErrorCodes.UniqueViolation && taken.ConstraintName == ClaimsKey)
        {
            // The statement failed, and with it the batch's implicit transaction: nothing was written.
            return false;
        }
    }

    /// <summary>
    /// The statements of a write, in the order that keeps locks ordered: new groups, the events (with the claim
    /// of their event ids when the one-round-trip write makes it), the rollups, the groups' counts, the totals.
    /// </summary>
    private static NpgsqlBatch WriteBatch(NpgsqlConnection connection, List<Row> rows, bool claimEventIds, KnownGroupRows knownGroups)
    {
        var write = new NpgsqlBatch(connection);
        var stored = rows.Where(row => !row.Duplicate).ToList();
        if (stored.Count > 0)
        {
            // A new group's row first, as the events' insert reads group ids; the counts last (ErrorGroupWrites).
            var grouped = ErrorGroupWrites.Grouped(stored.Select(row => (row.AppId, row.Event, row.ReceivedAt)));
            if (ErrorGroupWrites.EnsureCommand(grouped, knownGroups) is { } ensure)
            {
                write.BatchCommands.Add(ensure);
            }

            write.BatchCommands.Add(InsertEvents(stored, claimEventIds, knownGroups));
            write.BatchCommands.Add(CountsCommand(MinuteCountsSql, stored, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerMinute)));
            write.BatchCommands.Add(CountsCommand(HourCountsSql, stored, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerHour)));
            write.BatchCommands.Add(MessageCountsCommand(HourMessagesSql, stored, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerHour)));
            write.BatchCommands.Add(MessageCountsCommand(DayMessagesSql, stored, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerDay)));

            // Only batches that carry API calls pay for the request statistics.
            var requests = stored.Where(row => row.Event.Kind == EventKind.Request && row.Event.Fields.DurationMs is not null).ToList();
            if (requests.Count > 0)
            {
                write.BatchCommands.Add(RequestStatsCommand(MinuteRequestsSql, requests, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerMinute)));
                write.BatchCommands.Add(RequestStatsCommand(HourRequestsSql, requests, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerHour)));
            }

            foreach (var command in ErrorGroupWrites.CountCommands(grouped, knownGroups))
            {
                write.BatchCommands.Add(command);
            }
        }

        write.BatchCommands.Add(IngestionTotalsCommand(rows));
        return write;
    }

    /// <summary>The events' insert returns their ids and group ids in input order.</summary>
    private static async Task ReadIdsAsync(NpgsqlDataReader reader, List<Row> rows, CancellationToken cancellationToken)
    {
        var stored = rows.Where(row => !row.Duplicate).ToList();
        var index = 0;
        while (stored.Count > 0 && await reader.ReadAsync(cancellationToken))
        {
            var row = stored[index++];
            row.Id = reader.GetInt64(0);
            row.GroupId = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }
    }

    /// <summary>
    /// The first row of each client event_id; a later row with the same id in this very batch is marked a
    /// duplicate of it.
    /// </summary>
    private static Dictionary<(long, string), Row> FirstOfEachEventId(List<Row> rows)
    {
        var first = new Dictionary<(long, string), Row>();
        foreach (var row in rows.Where(row => row.Event.EventId is not null))
        {
            if (first.TryGetValue((row.AppId, row.Event.EventId!), out var original))
            {
                row.DuplicateOf = original;
            }
            else
            {
                first[(row.AppId, row.Event.EventId!)] = row;
            }
        }

        return first;
    }

    /// <summary>
    /// A client event_id already stored (within the dedup window) marks the row a duplicate carrying the first
    /// event's id and receipt time; the others are claimed with the ids their rows will be stored under.
    /// </summary>
    private static async Task ResolveDuplicatesAsync(NpgsqlConnection connection, Dictionary<(long, string), Row> first, CancellationToken cancellationToken)
    {
        var candidates = first.Values.ToList();
        var claimed = new HashSet<(long, string)>();
        await using (var claim = new NpgsqlCommand(ClaimEventIdsSql, connection))
        {
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.AppId).ToArray() });
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.Event.EventId!).ToArray() });
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.ReceivedAt).ToArray() });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = first[(reader.GetInt64(0), reader.GetString(1))];
                row.GivenId = reader.GetInt64(2);
                claimed.Add((row.AppId, row.Event.EventId!));
            }
        }

        var seenBefore = candidates.Where(row => !claimed.Contains((row.AppId, row.Event.EventId!))).ToList();
        if (seenBefore.Count > 0)
        {
            await using var lookup = new NpgsqlCommand(StoredEventIdsSql, connection);
            lookup.Parameters.Add(new() { Value = seenBefore.Select(row => row.AppId).ToArray() });
            lookup.Parameters.Add(new() { Value = seenBefore.Select(row => row.Event.EventId!).ToArray() });
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = first[(reader.GetInt64(0), reader.GetString(1))];
                row.StoredEarlier = (reader.GetInt64(2), reader.GetDateTime(3));
            }
        }
    }

    private static NpgsqlBatchCommand InsertEvents(List<Row> rows, bool claimEventIds, KnownGroupRows knownGroups)
    {
        var command = new NpgsqlBatchCommand(claimEventIds ? ClaimAndInsertEventsSql : InsertEventsSql);
        void Column<T>(Func<Row, T> value) => command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(value).ToArray() });
        Column(row => row.GivenId);
        Column(row => row.AppId);
        Column(row => row.Event.Kind.Name());
        Column(row => row.Event.Level.Name());
        Column(row => row.Event.Name);
        Column(row => row.Event.Message);
        Column(row => row.Event.Fingerprint);
        Column(row => row.Event.EventId);
        Column(row => row.Event.OccurredAt?.UtcDateTime ?? row.ReceivedAt);
        Column(row => row.ReceivedAt);
        Column(row => row.Event.Fields.UserId);
        Column(row => row.Event.Fields.SessionId);
        Column(row => row.Event.Fields.Release);
        Column(row => row.Event.Fields.Environment);
        Column(row => row.Event.Fields.PageUrl);
        Column(row => row.Event.Fields.UserAgent);
        Column(row => row.Event.Fields.HttpMethod);
        Column(row => row.Event.Fields.HttpPath);
        Column(row => row.Event.Fields.StatusCode);
        Column(row => row.Event.Fields.DurationMs);
        Column(row => row.Event.Fields.StackJson);
        Column(row => row.Event.Fields.Tags is null ? null : JsonSerializer.Serialize(row.Event.Fields.Tags));
        Column(row => row.Event.Fields.PayloadJson);
        Column(row => row.Event.Fields.MetadataJson);
        Column(row => (short?)row.Event.Fields.Priority);
        Column(row => row.Event.BelongsToGroup ? row.Event.Fingerprint : null);
        Column(row => row.Event.BelongsToGroup ? knownGroups.GroupId(row.AppId, row.Event.Fingerprint) : null);
        return command;
    }

    private static NpgsqlBatchCommand IngestionTotalsCommand(List<Row> rows)
    {
        var totals = rows.GroupBy(row => row.AppId).OrderBy(group => group.Key)
            .Select(group => (AppId: group.Key, Stored: (long)group.Count(row => !row.Duplicate), Duplicates: (long)group.Count(row => row.Duplicate)))
            .ToList();
        var command = new NpgsqlBatchCommand(IngestionTotalsSql);
        command.Parameters.Add(new() { Value = totals.Select(t => t.AppId).ToArray() });
        command.Parameters.Add(new() { Value = totals.Select(t => t.Stored).ToArray() });
        command.Parameters.Add(new() { Value = totals.Select(t => t.Duplicates).ToArray() });
        return command;
    }

    private static NpgsqlBatchCommand CountsCommand(string sql, List<Row> rows, Func<Row, DateTime> bucket)
    {
        var counts = rows
            .GroupBy(row => (row.AppId, At: bucket(row), Level: row.Event.Level.Name(), Kind: row.Event.Kind.Name()))
            .Select(group => (group.Key, Count: (long)group.Count()))
            .OrderBy(entry => entry.Key.AppId).ThenBy(entry => entry.Key.At)
            .ThenBy(entry => entry.Key.Level, StringComparer.Ordinal).ThenBy(entry => entry.Key.Kind, StringComparer.Ordinal)
            .ToList();
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.AppId).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.At).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.Level).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.Kind).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Count).ToArray() });
        return command;
    }

    private static NpgsqlBatchCommand MessageCountsCommand(string sql, List<Row> rows, Func<Row, DateTime> bucket)
    {
        var messages = rows
            .GroupBy(row => (row.AppId, Hour: bucket(row), Level: row.Event.Level.Name(), row.Event.Message))
            .Select(group => (group.Key, Hash: MessageHash(group.Key.Message), Count: (long)group.Count(), LastSeen: group.Max(row => row.ReceivedAt)))
            .OrderBy(entry => entry.Key.AppId).ThenBy(entry => entry.Key.Hour).ThenBy(entry => entry.Key.Level, StringComparer.Ordinal)
            .ThenBy(entry => Convert.ToHexString(entry.Hash), StringComparer.Ordinal)
            .ToList();
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.AppId).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.Hour).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.Level).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Hash).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.Message).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Count).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.LastSeen).ToArray() });
        return command;
    }

    private static NpgsqlBatchCommand RequestStatsCommand(string sql, List<Row> rows, Func<Row, DateTime> bucket)
    {
        var stats = rows
            .GroupBy(row => (row.AppId, At: bucket(row), Method: row.Event.Fields.HttpMethod ?? string.Empty, Path: row.Event.Fields.HttpPath ?? string.Empty,
                Latency: LatencyHistogram.Bucket(row.Event.Fields.DurationMs!.Value)))
            .Select(group => (group.Key, Count: (long)group.Count(), Errors: (long)group.Count(row => row.Event.Fields.StatusCode >= 400),
                Sum: group.Sum(row => row.Event.Fields.DurationMs!.Value), Min: group.Min(row => row.Event.Fields.DurationMs!.Value),
                Max: group.Max(row => row.Event.Fields.DurationMs!.Value)))
            .OrderBy(entry => entry.Key.AppId).ThenBy(entry => entry.Key.At)
            .ThenBy(entry => entry.Key.Method, StringComparer.Ordinal).ThenBy(entry => entry.Key.Path, StringComparer.Ordinal).ThenBy(entry => entry.Key.Latency)
            .ToList();
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = stats.Select(s => s.Key.AppId).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Key.At).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Key.Method).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Key.Path).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Key.Latency).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Count).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Errors).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Sum).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Min).ToArray() });
        command.Parameters.Add(new() { Value = stats.Select(s => s.Max).ToArray() });
        return command;
    }

    /// <summary>The key of top-messages' rollup: SHA-256 of the exact message text (as PostgreSQL's sha256 would compute it).</summary>
    public static byte[] MessageHash(string message) => SHA256.HashData(Encoding.UTF8.GetBytes(message));

    private static DateTime Truncate(DateTime instant, long ticks) => new(instant.Ticks - (instant.Ticks % ticks), DateTimeKind.Utc);

    private sealed class Row(PendingWrite pending, NewEvent item)
    {
        public PendingWrite Pending { get; } = pending;

        public NewEvent Event { get; } = item;

        public long AppId => Pending.AppId;

        public long Id { get; set; }

        /// <summary>The group the stored event belongs to, as its insert returned it.</summary>
        public long? GroupId { get; set; }

        /// <summary>The id claimed together with the client's event id, or null to take one from the sequence.</summary>
        public long? GivenId { get; set; }

        public DateTime ReceivedAt => StoredEarlier?.ReceivedAt ?? DuplicateOf?.ReceivedAt ?? Pending.ReceivedAt;

        /// <summary>An earlier row of this batch with the same event_id.</summary>
        public Row? DuplicateOf { get; set; }

        /// <summary>The event stored by an earlier request with the same event_id.</summary>
        public (long Id, DateTime ReceivedAt)? StoredEarlier { get; set; }

        public bool Duplicate => DuplicateOf is not null || StoredEarlier is not null;

        public long OutcomeId => StoredEarlier?.Id ?? DuplicateOf?.OutcomeId ?? Id;
    }
}
