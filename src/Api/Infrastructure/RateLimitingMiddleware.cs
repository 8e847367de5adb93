using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Faultline.Api.Auth;
using Faultline.Api.Errors;
using Faultline.Domain.Common;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// Per-credential fixed-window limits built on System.Threading.RateLimiting, with X-RateLimit-* headers
/// on every authenticated answer and 429 RATE_LIMIT_EXCEEDED with Retry-After past the limit. Failed
/// authentications are counted per client IP; an IP out of permits is refused before it can try again.
/// Limits are per instance: behind a load balancer of N instances a client gets up to N times the limit.
/// </summary>
internal sealed class RateLimitingMiddleware : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly IOptions<RateLimitOptions> _options;
    private readonly PartitionedRateLimiter<string> _credentials;
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _windowStarts = new(StringComparer.Ordinal);

    public RateLimitingMiddleware(RequestDelegate next, IOptions<RateLimitOptions> options)
    {
        _next = next;
        _options = options;
        _credentials = PartitionedRateLimiter.Create<string, string>(partition => Fixed(partition, LimitFor(partition)));
        _failures = PartitionedRateLimiter.Create<string, string>(partition => Fixed(partition, options.Value.FailedAuthentication));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var clientIp = "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (_failures.GetStatistics(clientIp)?.CurrentAvailablePermits == 0 && HasCredential(context.Request))
        {
            await RefuseAsync(context, clientIp, _options.Value.FailedAuthentication);
            return;
        }

        var partition = CredentialPartition(context.Request);
        if (partition is not null)
        {
            var limit = LimitFor(partition);
            using var lease = _credentials.AttemptAcquire(partition);
            var remaining = _credentials.GetStatistics(partition)?.CurrentAvailablePermits ?? 0;
            context.Response.OnStarting(() =>
            {
                // Only answers to a valid credential carry the headers; a 401 says nothing about a key.
                if (context.Response.StatusCode != StatusCodes.Status401Unauthorized)
                {
                    var headers = context.Response.Headers;
                    headers["X-RateLimit-Limit"] = limit.PermitsPerWindow.ToString(CultureInfo.InvariantCulture);
                    headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
                    headers["X-RateLimit-Reset"] = SecondsToReset(partition, limit).ToString(CultureInfo.InvariantCulture);
                }

                return Task.CompletedTask;
            });

            if (!lease.IsAcquired)
            {
                await RefuseAsync(context, partition, limit);
                return;
            }
        }

        await _next(context);
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized && partition is not null)
        {
            using var _ = _failures.AttemptAcquire(clientIp);
        }
    }

    public void Dispose()
    {
        _credentials.Dispose();
        _failures.Dispose();
    }

    private async Task RefuseAsync(HttpContext context, string partition, WindowLimit limit)
    {
        var wait = SecondsToReset(partition, limit);
        context.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        await ErrorResponses.WriteAsync(context, ErrorCodes.RateLimitExceeded,
            $"Too many requests. Retry after {wait} seconds.",
            new Dictionary<string, object?> { ["limit"] = limit.PermitsPerWindow, ["window_seconds"] = (int)limit.Window.TotalSeconds, ["retry_after_seconds"] = wait });
    }

    private RateLimitPartition<string> Fixed(string partition, WindowLimit limit)
    {
        _windowStarts[partition] = DateTimeOffset.UtcNow;
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitsPerWindow),
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private WindowLimit LimitFor(string partition) =>
        partition.StartsWith("ingest:", StringComparison.Ordinal) ? _options.Value.Ingest : _options.Value.Operator;

    private int SecondsToReset(string partition, WindowLimit limit)
    {
        var start = _windowStarts.GetValueOrDefault(partition, DateTimeOffset.UtcNow);
        var elapsed = (DateTimeOffset.UtcNow - start).TotalSeconds % limit.Window.TotalSeconds;
        return Math.Max(1, (int)Math.Ceiling(limit.Window.TotalSeconds - elapsed));
    }

    private static bool HasCredential(HttpRequest request) => CredentialPartition(request) is not null;

    /// <summary>The credential a request presents, hashed so that no key is kept in memory as text.</summary>
    private static string? CredentialPartition(HttpRequest request)
    {
        var ingestKey = request.Headers[CredentialHeaders.IngestKey].ToString();
        if (ingestKey.Length == 0)
        {
            ingestKey = request.Headers[CredentialHeaders.ApiKey].ToString();
        }

        if (ingestKey.Length > 0)
        {
            return "ingest:" + Digest(ingestKey);
        }

        var bearer = CredentialHeaders.BearerToken(request);
        if (bearer is null)
        {
            return null;
        }

        // A bearer token on an ingestion route is an ingest key; elsewhere it is an operator credential.
        var kind = request.Method == HttpMethods.Post && request.Path.Value?.EndsWith("/events", StringComparison.OrdinalIgnoreCase) == true
            ? "ingest:" : "operator:";
        return kind + Digest(bearer);
    }

    private static string Digest(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
