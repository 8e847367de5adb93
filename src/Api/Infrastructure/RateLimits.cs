using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Faultline.Api.Errors;
using Faultline.Application.Access;
using Faultline.Domain.Common;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// The rate limiter's state, shared by <see cref="FailedAuthenticationGate"/> (before authentication) and
/// <see cref="RateLimitingMiddleware"/> (after it): fixed windows per authenticated caller and, for failed
/// authentications, per client IP. Limits are per instance: behind a load balancer of N instances a client
/// gets up to N times the limit.
/// </summary>
internal sealed class RateLimits(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly FixedWindows<CallerPartition> _callers = new(partition => (partition.Permits, TimeSpan.FromSeconds(partition.WindowSeconds)));
    private readonly FixedWindows<IPAddress> _failures = new(_ => (options.Value.FailedAuthentication.PermitsPerWindow, options.Value.FailedAuthentication.Window));

    /// <summary>
    /// The window a caller's requests count against, or null when the caller is not limited. The limit is
    /// part of the partition, so a key whose limit changes starts a fresh window at the new limit.
    /// </summary>
    public CallerPartition? PartitionOf(Caller caller)
    {
        if (caller.Kind == CallerKind.Ingest && caller.RateLimitPerMinute is { } perMinute)
        {
            return new CallerPartition(caller.Kind, caller.KeyId, perMinute, 60);
        }

        // Operators, and any kind that comes later until it has a limit of its own.
        var limit = caller.Kind == CallerKind.Ingest ? options.Value.Ingest : options.Value.Operator;
        return limit.IsOff ? null : new CallerPartition(caller.Kind, caller.KeyId, limit.PermitsPerWindow, WindowSeconds(limit));
    }

    public bool TryTake(CallerPartition partition, int permits) => _callers.TryTake(partition, permits);

    public int Remaining(CallerPartition partition) => _callers.Available(partition);

    public int SecondsToReset(CallerPartition partition) => _callers.SecondsToReset(partition, partition.WindowSeconds);

    /// <summary>True when this address has used up its failed authentications for the window.</summary>
    public bool IsOutOfFailures(IPAddress client) =>
        !options.Value.FailedAuthentication.IsOff && _failures.Available(client) == 0;

    /// <summary>Counts a failed authentication; false when the address had none left.</summary>
    public bool TryCountFailure(IPAddress client) =>
        options.Value.FailedAuthentication.IsOff || _failures.TryTake(client, 1);

    public Task RefuseFailuresAsync(HttpContext context, IPAddress client)
    {
        var limit = options.Value.FailedAuthentication;
        return RefuseAsync(context, limit.PermitsPerWindow, WindowSeconds(limit), _failures.SecondsToReset(client, WindowSeconds(limit)),
            "Too many failed authentications from this address.");
    }

    public Task RefuseAsync(HttpContext context, CallerPartition partition, int permits) =>
        RefuseAsync(context, partition.Permits, partition.WindowSeconds, SecondsToReset(partition),
            permits > partition.Permits
                ? $"This request counts {permits} events, more than the {partition.Permits} this key may send per {partition.WindowSeconds} seconds: send smaller batches."
                : "Too many requests.");

    public void Dispose()
    {
        _callers.Dispose();
        _failures.Dispose();
    }

    public static IPAddress ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    private static int WindowSeconds(WindowLimit limit) => (int)limit.Window.TotalSeconds;

    private static async Task RefuseAsync(HttpContext context, int permits, int windowSeconds, int wait, string reason)
    {
        context.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        await ErrorResponses.WriteAsync(context, ErrorCodes.RateLimitExceeded,
            $"{reason} Retry after {wait} seconds.",
            new Dictionary<string, object?> { ["Limit"] = permits, ["WindowSeconds"] = windowSeconds, ["RetryAfterSeconds"] = wait });
    }
}

/// <summary>One caller's window: its kind and key (null for the bootstrap token) and the limit that applies.</summary>
internal readonly record struct CallerPartition(CallerKind Kind, long? KeyId, int Permits, int WindowSeconds);

/// <summary>Fixed windows per key on System.Threading.RateLimiting, remembering when each window began for X-RateLimit-Reset.</summary>
internal sealed class FixedWindows<TKey> : IDisposable
    where TKey : notnull
{
    private readonly PartitionedRateLimiter<TKey> _limiter;
    private readonly ConcurrentDictionary<TKey, DateTimeOffset> _starts = new();

    public FixedWindows(Func<TKey, (int Permits, TimeSpan Window)> limitOf) =>
        _limiter = PartitionedRateLimiter.Create<TKey, TKey>(key => RateLimitPartition.GetFixedWindowLimiter(key, created =>
        {
            // Runs once per window series: when the key is first seen, or again after the limiter dropped it as idle.
            _starts[created] = DateTimeOffset.UtcNow;
            var (permits, window) = limitOf(created);
            return new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0, AutoReplenishment = true };
        }));

    public bool TryTake(TKey key, int permits)
    {
        // A fixed window throws when asked for more than its whole limit; such a request simply fails.
        if (permits > 1 && permits > Available(key))
        {
            return false;
        }

        using var lease = _limiter.AttemptAcquire(key, permits);
        return lease.IsAcquired;
    }

    public int Available(TKey key) => (int)(_limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0);

    public int SecondsToReset(TKey key, int windowSeconds)
    {
        var start = _starts.GetValueOrDefault(key, DateTimeOffset.UtcNow);
        var elapsed = (DateTimeOffset.UtcNow - start).TotalSeconds % windowSeconds;
        return Math.Max(1, (int)Math.Ceiling(windowSeconds - elapsed));
    }

    public void Dispose() => _limiter.Dispose();
}
