using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Faultline.Application.Events;
using Faultline.Domain.Events;
using Npgsql;
using NpgsqlTypes;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>
/// Writes the events of one or more requests in a single transaction: idempotency keys, a binary COPY of
/// the new rows, and the rollups that statistics read. Nothing is acknowledged before the commit.
/// </summary>
public sealed class EventBatchWriter(NpgsqlDataSource dataSource, PartitionManager partitions)
{
    private const string NextIdsSql = "SELECT nextval('events_id_seq') FROM generate_series(1, $1)";

    // Sorted so that concurrent writers take row locks in the same order and cannot deadlock.
    private const string ClaimEventIdsSql = """
        INSERT INTO event_ids (app_id, event_id, id, received_at)
        SELECT app_id, event_id, id, received_at
        FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::timestamptz[]) AS t (app_id, event_id, id, received_at)
        ORDER BY app_id, event_id
        ON CONFLICT (app_id, event_id) DO NOTHING
        RETURNING app_id, event_id
        """;

    private const string StoredEventIdsSql = """
        SELECT s.app_id, s.event_id, s.id, s.received_at
        FROM event_ids s
        JOIN unnest($1::bigint[], $2::text[]) AS t (app_id, event_id) ON t.app_id = s.app_id AND t.event_id = s.event_id
        """;

    private const string CopySql = """
        COPY events (id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at,
                     user_id, session_id, release, environment, page_url, user_agent,
                     http_method, http_path, status_code, duration_ms, stack, tags, payload)
        FROM STDIN (FORMAT BINARY)
        """;

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

    private const string MessageCountsSql = """
        INSERT INTO message_counts_hour AS m (app_id, hour, level, message_hash, message, count, last_seen)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::bytea[], $5::text[], $6::bigint[], $7::timestamptz[])
        ON CONFLICT (app_id, hour, level, message_hash)
        DO UPDATE SET count = m.count + excluded.count, last_seen = greatest(m.last_seen, excluded.last_seen)
        """;

    public async Task WriteAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var rows = batch.SelectMany(pending => pending.Events.Select(item => new Row(pending, item))).ToList();
        await partitions.EnsureAsync(batch.Select(pending => DateOnly.FromDateTime(pending.ReceivedAt)), cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await AssignIdsAsync(connection, rows, cancellationToken);
        await ResolveDuplicatesAsync(connection, rows, cancellationToken);
        var stored = rows.Where(row => !row.Duplicate).ToList();
        await CopyAsync(connection, stored, cancellationToken);
        await UpdateRollupsAsync(connection, stored, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var byRequest = rows.ToLookup(row => row.Pending);
        foreach (var pending in batch)
        {
            pending.Complete(byRequest[pending].Select(row => new WriteOutcome(row.OutcomeId, row.ReceivedAt, row.Duplicate)).ToList());
        }
    }

    private static async Task AssignIdsAsync(NpgsqlConnection connection, List<Row> rows, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(NextIdsSql, connection) { Parameters = { new() { Value = rows.Count } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var index = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[index++].Id = reader.GetInt64(0);
        }
    }

    /// <summary>
    /// A client event_id already stored (within the dedup window), or repeated earlier in this very batch,
    /// marks the row a duplicate carrying the first event's id and receipt time.
    /// </summary>
    private static async Task ResolveDuplicatesAsync(NpgsqlConnection connection, List<Row> rows, CancellationToken cancellationToken)
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

        if (first.Count == 0)
        {
            return;
        }

        var candidates = first.Values.ToList();
        var claimed = new HashSet<(long, string)>();
        await using (var claim = new NpgsqlCommand(ClaimEventIdsSql, connection))
        {
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.AppId).ToArray() });
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.Event.EventId!).ToArray() });
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.Id).ToArray() });
            claim.Parameters.Add(new() { Value = candidates.Select(row => row.ReceivedAt).ToArray() });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetInt64(0), reader.GetString(1)));
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

    private static async Task CopyAsync(NpgsqlConnection connection, List<Row> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        foreach (var row in rows)
        {
            var item = row.Event;
            var fields = item.Fields;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.Id, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.AppId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(item.Kind.Name(), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(item.Level.Name(), NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, item.Name, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(item.Message, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(item.Fingerprint, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(item.EventId ?? GeneratedEventId(row), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(item.OccurredAt?.UtcDateTime ?? row.ReceivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.ReceivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, fields.UserId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.SessionId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.Release, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.Environment, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.PageUrl, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.UserAgent, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.HttpMethod, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.HttpPath, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, fields.StatusCode, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, fields.DurationMs, NpgsqlDbType.Double, cancellationToken);
            await WriteNullableAsync(importer, fields.StackJson, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(importer, fields.Tags is null ? null : JsonSerializer.Serialize(fields.Tags), NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(importer, fields.PayloadJson, NpgsqlDbType.Jsonb, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task UpdateRollupsAsync(NpgsqlConnection connection, List<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await UpsertCountsAsync(connection, MinuteCountsSql, rows, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerMinute), cancellationToken);
        await UpsertCountsAsync(connection, HourCountsSql, rows, row => Truncate(row.ReceivedAt, TimeSpan.TicksPerHour), cancellationToken);

        var messages = rows
            .GroupBy(row => (row.AppId, Hour: Truncate(row.ReceivedAt, TimeSpan.TicksPerHour), Level: row.Event.Level.Name(), row.Event.Message))
            .Select(group => (group.Key, Hash: MessageHash(group.Key.Message), Count: (long)group.Count(), LastSeen: group.Max(row => row.ReceivedAt)))
            .OrderBy(entry => entry.Key.AppId).ThenBy(entry => entry.Key.Hour).ThenBy(entry => entry.Key.Level, StringComparer.Ordinal)
            .ThenBy(entry => Convert.ToHexString(entry.Hash), StringComparer.Ordinal)
            .ToList();
        await using var command = new NpgsqlCommand(MessageCountsSql, connection);
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.AppId).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.Hour).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.Level).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Hash).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Key.Message).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.Count).ToArray() });
        command.Parameters.Add(new() { Value = messages.Select(m => m.LastSeen).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task UpsertCountsAsync(
        NpgsqlConnection connection, string sql, List<Row> rows, Func<Row, DateTime> bucket, CancellationToken cancellationToken)
    {
        var counts = rows
            .GroupBy(row => (row.AppId, At: bucket(row), Level: row.Event.Level.Name(), Kind: row.Event.Kind.Name()))
            .Select(group => (group.Key, Count: (long)group.Count()))
            .OrderBy(entry => entry.Key.AppId).ThenBy(entry => entry.Key.At)
            .ThenBy(entry => entry.Key.Level, StringComparer.Ordinal).ThenBy(entry => entry.Key.Kind, StringComparer.Ordinal)
            .ToList();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.AppId).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.At).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.Level).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Key.Kind).ToArray() });
        command.Parameters.Add(new() { Value = counts.Select(c => c.Count).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The key of top-messages' rollup: SHA-256 of the exact message text (as PostgreSQL's sha256 would compute it).</summary>
    public static byte[] MessageHash(string message) => SHA256.HashData(Encoding.UTF8.GetBytes(message));

    private static DateTime Truncate(DateTime instant, long ticks) => new(instant.Ticks - (instant.Ticks % ticks), DateTimeKind.Utc);

    private static string GeneratedEventId(Row row) => "fl-" + row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value.Value, type, cancellationToken);

    private sealed class Row(PendingWrite pending, NewEvent item)
    {
        public PendingWrite Pending { get; } = pending;

        public NewEvent Event { get; } = item;

        public long AppId => Pending.AppId;

        public long Id { get; set; }

        public DateTime ReceivedAt => StoredEarlier?.ReceivedAt ?? DuplicateOf?.ReceivedAt ?? Pending.ReceivedAt;

        /// <summary>An earlier row of this batch with the same event_id.</summary>
        public Row? DuplicateOf { get; set; }

        /// <summary>The event stored by an earlier request with the same event_id.</summary>
        public (long Id, DateTime ReceivedAt)? StoredEarlier { get; set; }

        public bool Duplicate => DuplicateOf is not null || StoredEarlier is not null;

        public long OutcomeId => StoredEarlier?.Id ?? DuplicateOf?.OutcomeId ?? Id;
    }
}
