using System.Collections.Concurrent;

namespace Faultline.Application.OperatorKeys;

/// <summary>
/// Operator key checks, remembered for <see cref="Lifetime"/> (a revocation on another instance takes
/// effect within it; on this instance at once). Unknown keys are not remembered.
/// </summary>
public sealed class OperatorKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (OperatorIdentity Identity, DateTimeOffset ValidUntil)> _entries = new(StringComparer.Ordinal);

    public OperatorIdentity? Get(byte[] keyHash) =>
        _entries.TryGetValue(Convert.ToHexString(keyHash), out var entry) && entry.ValidUntil > DateTimeOffset.UtcNow ? entry.Identity : null;

    public void Remember(byte[] keyHash, OperatorIdentity identity)
    {
        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        _entries[Convert.ToHexString(keyHash)] = (identity, DateTimeOffset.UtcNow + Lifetime);
    }

    public void Forget(byte[] keyHash) => _entries.TryRemove(Convert.ToHexString(keyHash), out _);
}
