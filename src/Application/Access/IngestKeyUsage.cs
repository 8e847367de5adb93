using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace Faultline.Application.Access;

/// <summary>
/// Requests made with each ingest key, counted in memory on the ingestion path (no query per request) and
/// added to ingest_keys.total_requests and last_used_at by <see cref="FlushAsync"/>: every second, and
/// before anything reads the keys, so what an owner reads includes every request this instance has answered.
/// </summary>
public sealed class IngestKeyUsage
{
    private const string Sql = """
        UPDATE ingest_keys k
        SET total_requests = k.total_requests + u.requests,
            last_used_at = greatest(k.last_used_at, u.last_used_at)
        FROM unnest(@Ids, @Requests, @LastUsed) AS u (id, requests, last_used_at)
        WHERE k.id = u.id
        """;

    private readonly ConcurrentDictionary<long, Usage> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public void Record(long keyId) => Add(keyId, 1, DateTime.UtcNow.Ticks);

    public async Task FlushAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Taken before the emptiness check: a caller that finds nothing pending still waits for a flush in
        // flight, so once this returns every request counted before the call is in the database.
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            if (_pending.IsEmpty)
            {
                return;
            }

            var taken = new List<(long Id, long Requests, DateTime LastUsed)>();
            foreach (var keyId in _pending.Keys)
            {
                if (_pending.TryRemove(keyId, out var usage))
                {
                    lock (usage)
                    {
                        usage.Closed = true;
                        taken.Add((keyId, usage.Requests, new DateTime(usage.LastUsedTicks, DateTimeKind.Utc)));
                    }
                }
            }

            try
            {
                await connection.ExecuteAsync(new CommandDefinition(Sql, new
                {
                    Ids = taken.Select(entry => entry.Id).ToArray(),
                    Requests = taken.Select(entry => entry.Requests).ToArray(),
                    LastUsed = taken.Select(entry => entry.LastUsed).ToArray(),
                }, cancellationToken: CancellationToken.None));
            }
            catch
            {
                // Not lost: put back for the next flush.
                foreach (var (id, requests, lastUsed) in taken)
                {
                    Add(id, requests, lastUsed.Ticks);
                }

                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void Add(long keyId, long requests, long lastUsedTicks)
    {
        while (true)
        {
            var usage = _pending.GetOrAdd(keyId, static _ => new Usage());
            lock (usage)
            {
                // A flush took this one between the lookup and the lock: count in a fresh one.
                if (usage.Closed)
                {
                    continue;
                }

                usage.Requests += requests;
                usage.LastUsedTicks = Math.Max(usage.LastUsedTicks, lastUsedTicks);
                return;
            }
        }
    }

    private sealed class Usage
    {
        public long Requests { get; set; }

        public long LastUsedTicks { get; set; }

        public bool Closed { get; set; }
    }
}
