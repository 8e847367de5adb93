using System.Collections.Concurrent;

namespace Faultline.Application.Access;

/// <summary>
/// Remembers which app a key hash belongs to for <see cref="Lifetime"/>, so that ingestion under load
/// does not pay a database round trip per request. A key revoked on this instance is forgotten at once;
/// on other instances revocation takes effect within the lifetime. It keeps real time, not IClock:
/// a key's life is measured by the database's clock.
/// </summary>
public sealed class IngestKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(byte[] keyHash, out long appId)
    {
        appId = 0;
        if (!_entries.TryGetValue(Convert.ToHexString(keyHash), out var entry) || entry.ValidUntil <= DateTimeOffset.UtcNow)
        {
            return false;
        }

        appId = entry.AppId;
        return true;
    }

    /// <summary>Caches a live key until the lifetime ends or the key itself stops being valid, whichever is first.</summary>
    public void Remember(byte[] keyHash, long appId, DateTimeOffset? keyEndsAt)
    {
        var validUntil = DateTimeOffset.UtcNow + Lifetime;
        if (keyEndsAt is not null && keyEndsAt < validUntil)
        {
            validUntil = keyEndsAt.Value;
        }

        if (_entries.Count > 100_000)
        {
            _entries.Clear(); // a crude bound; misses only cost a query
        }

        _entries[Convert.ToHexString(keyHash)] = new Entry(appId, validUntil);
    }

    public void Forget(byte[] keyHash) => _entries.TryRemove(Convert.ToHexString(keyHash), out _);

    private readonly record struct Entry(long AppId, DateTimeOffset ValidUntil);
}
