namespace Faultline.Infrastructure.EmbeddedPostgres;

/// <summary>
/// How long to wait before starting a server that was found down: at once the first time, then
/// <paramref name="first"/>, twice that, and so on up to <paramref name="longest"/> while it keeps dying;
/// at once again after it has stayed up for <paramref name="stableAfter"/>. A server that dies at start
/// (a broken disk, a full one) is then retried twice a minute instead of hammered, and one that died
/// once in a week comes back within a second.
/// </summary>
public sealed class RestartBackoff(TimeSpan first, TimeSpan longest, TimeSpan stableAfter)
{
    private TimeSpan _next = TimeSpan.Zero;
    private DateTimeOffset? _lastAttempt;

    /// <summary>The wait before the next start attempt, for a server found down at <paramref name="now"/>; counts as that attempt.</summary>
    public TimeSpan NextDelay(DateTimeOffset now)
    {
        if (_lastAttempt is { } last && now - last >= stableAfter)
        {
            _next = TimeSpan.Zero;
        }

        var delay = _next;
        _next = _next == TimeSpan.Zero ? first : TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, longest.Ticks));
        _lastAttempt = now + delay;
        return delay;
    }
}
