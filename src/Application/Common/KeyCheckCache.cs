using System.Collections.Concurrent;

namespace Faultline.Application.Common;

/// <summary>
/// Remembers what a key hash resolved to for <see cref="Lifetime"/> (or until the key's own end, if
/// sooner), so that checking a key under load does not cost a database round trip per request. A key
/// revoked on this instance is forgotten at once; on other instances revocation takes effect within the
/// lifetime. It keeps real time, not <see cref="IClock"/>: a key's life is measured by the database's clock.
/// Unknown keys are not remembered.
/// </summary>
public class KeyCheckCache<TValue>
    where TValue : class
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 100_000;

    // Keyed by the hash bytes themselves: a lookup on the ingestion path allocates nothing.
    private readonly ConcurrentDictionary<byte[], (TValue Value, DateTimeOffset ValidUntil)> _entries = new(HashComparer.Instance);

    // The reads in flight, one per key hash: see GetOrLoadAsync.
    private readonly ConcurrentDictionary<byte[], Task<TValue?>> _loading = new(HashComparer.Instance);

    public bool TryGet(byte[] keyHash, out TValue value)
    {
        if (_entries.TryGetValue(keyHash, out var entry) && entry.ValidUntil > DateTimeOffset.UtcNow)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// The value of a key hash from the cache, else from <paramref name="load"/> (null: no such live key), read once
    /// for all the requests that miss the same key at the same moment. Under load an entry expires while dozens of
    /// requests carry its key; without this each of them would query the database (and, for an ingest key, update
    /// the same row, one after another), stalling them all. The read is not cancelled with the request that
    /// started it, since others wait for it; each caller stops waiting when its own request is cancelled.
    /// </summary>
    public async Task<TValue?> GetOrLoadAsync(
        byte[] keyHash, Func<Task<(TValue Value, DateTimeOffset? KeyEndsAt)?>> load, CancellationToken cancellationToken)
    {
        if (TryGet(keyHash, out var cached))
        {
            return cached;
        }

        var mine = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loading = _loading.GetOrAdd(keyHash, mine.Task);
        if (loading == mine.Task)
        {
            _ = LoadOnceAsync(keyHash, load, mine);
        }

        return await loading.WaitAsync(cancellationToken);
    }

    private async Task LoadOnceAsync(byte[] keyHash, Func<Task<(TValue Value, DateTimeOffset? KeyEndsAt)?>> load, TaskCompletionSource<TValue?> result)
    {
        try
        {
            var loaded = await load();
            if (loaded is { } found)
            {
                Remember(keyHash, found.Value, found.KeyEndsAt);
            }

            result.SetResult(loaded?.Value);
        }
        catch (Exception failure)
        {
            result.SetException(failure);
        }
        finally
        {
            _loading.TryRemove(KeyValuePair.Create(keyHash, result.Task));
        }
    }

    public void Remember(byte[] keyHash, TValue value, DateTimeOffset? keyEndsAt = null)
    {
        var validUntil = DateTimeOffset.UtcNow + Lifetime;
        if (keyEndsAt is not null && keyEndsAt < validUntil)
        {
            validUntil = keyEndsAt.Value;
        }

        if (_entries.Count > MaxEntries)
        {
            _entries.Clear(); // a crude bound: a miss only costs a query
        }

        _entries[keyHash] = (value, validUntil);
    }

    public void Forget(byte[] keyHash) => _entries.TryRemove(keyHash, out _);

    /// <summary>Forgets every key (an app switched off: its keys are not known by hash here).</summary>
    public void ForgetAll() => _entries.Clear();

    private sealed class HashComparer : IEqualityComparer<byte[]>
    {
        public static readonly HashComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        // The bytes are already a cryptographic hash: their first bytes are as good as any mix of them.
        public int GetHashCode(byte[] obj) => obj.Length >= sizeof(int) ? BitConverter.ToInt32(obj, 0) : obj.Length;
    }
}
