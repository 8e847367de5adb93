using System.Collections.Concurrent;

namespace Faultline.Application.Groups;

/// <summary>
/// The error groups, with their ids, and the (group, user) pairs, that this process has seen committed, so that an
/// ingest write leaves out the statements that would only find them there again: the insert of new groups and the
/// insert of a group's new users. A busy group is in every commit, and those two statements were more than half of
/// what its rows cost a commit (docs/decisions/0030); its events take its id from here rather than each look it up
/// (docs/decisions/0031). A group's id never changes. Only a row that exists is remembered, and the rows are removed
/// only with their app, which forgets everything here; another instance's deletion of an app leaves this memory
/// stale only for that app's events, which its keys, then refused, stop within their cache lifetime. Bounded: past
/// <see cref="MaxEntries"/> it starts empty again, which costs only the statements it saves.
/// </summary>
public sealed class KnownGroupRows
{
    public const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<(long AppId, string Fingerprint), long> _groups = new();
    private readonly ConcurrentDictionary<(long AppId, string Fingerprint, string UserId), byte> _users = new();

    public bool HasGroup(long appId, string fingerprint) => _groups.ContainsKey((appId, fingerprint));

    /// <summary>The id of a group seen committed; null when this process has not seen it.</summary>
    public long? GroupId(long appId, string fingerprint) => _groups.TryGetValue((appId, fingerprint), out var id) ? id : null;

    public bool HasUser(long appId, string fingerprint, string userId) => _users.ContainsKey((appId, fingerprint, userId));

    /// <summary>After a commit: its groups, under these ids, and their users exist.</summary>
    public void Committed(IEnumerable<(long AppId, string Fingerprint, long GroupId, string? UserId)> rows)
    {
        if (_groups.Count > MaxEntries)
        {
            _groups.Clear();
        }

        if (_users.Count > MaxEntries)
        {
            _users.Clear();
        }

        // Nearly every row is known already: a lookup takes no lock, where an add takes its bucket's.
        foreach (var (appId, fingerprint, groupId, userId) in rows)
        {
            if (!_groups.ContainsKey((appId, fingerprint)))
            {
                _groups.TryAdd((appId, fingerprint), groupId);
            }

            if (userId is not null && !_users.ContainsKey((appId, fingerprint, userId)))
            {
                _users.TryAdd((appId, fingerprint, userId), 0);
            }
        }
    }

    /// <summary>Rows were deleted beneath this process (an app and its groups): remember nothing.</summary>
    public void ForgetAll()
    {
        _groups.Clear();
        _users.Clear();
    }
}
