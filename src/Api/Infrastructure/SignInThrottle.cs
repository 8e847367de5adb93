using Faultline.Application.Common;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// Sign-in attempts in fixed windows per client IP and per email (lower-cased), so that neither one address
/// trying many accounts nor many addresses trying one account can guess passwords or codes at speed.
/// Per instance, like the other limits.
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly FixedWindows<string> _windows = new(_ => (options.Value.SignIn.PermitsPerWindow, options.Value.SignIn.Window));

    /// <summary>Takes one attempt for the client and one for the email; throws RATE_LIMIT_EXCEEDED (429, Retry-After) when either is spent.</summary>
    public void Attempt(HttpContext context, string? email)
    {
        var limit = options.Value.SignIn;
        if (limit.IsOff)
        {
            return;
        }

        var seconds = (int)limit.Window.TotalSeconds;
        var client = "ip:" + RateLimits.ClientAddress(context);
        if (!_windows.TryTake(client, 1))
        {
            throw new RateLimitedException($"Too many sign-in attempts from this address. Retry after {_windows.SecondsToReset(client, seconds)} seconds.",
                _windows.SecondsToReset(client, seconds));
        }

        var account = "email:" + (email ?? string.Empty).Trim().ToLowerInvariant();
        if (email is not null && !_windows.TryTake(account, 1))
        {
            throw new RateLimitedException($"Too many sign-in attempts for this email. Retry after {_windows.SecondsToReset(account, seconds)} seconds.",
                _windows.SecondsToReset(account, seconds));
        }
    }

    public void Dispose() => _windows.Dispose();
}
