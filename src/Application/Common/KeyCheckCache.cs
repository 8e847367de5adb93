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
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 100_000;

    // Keyed by the hash bytes themselves: a lookup on the ingestion path allocates nothing.
    private readonly ConcurrentDictionary<byte[], (TValue Value, DateTimeOffset ValidUntil)> _entries = new(HashComparer.Instance);

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
