using System.Globalization;
using Faultline.Api.Auth;
using Faultline.Application.Access;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// Before authentication: an address that has used up its failed authentications is refused (429) before
/// its credential is even checked, so keys cannot be guessed at speed.
/// </summary>
internal sealed class FailedAuthenticationGate(RequestDelegate next, RateLimits limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (PresentedCredential.Of(context).IsPresent && limits.IsOutOfFailures(RateLimits.ClientAddress(context)))
        {
            return limits.RefuseFailuresAsync(context, RateLimits.ClientAddress(context));
        }

        return next(context);
    }
}

/// <summary>
/// After authentication: limits each authenticated caller (read from its claims) in fixed windows, with
/// X-RateLimit-Limit/Remaining/Reset on its answers and 429 RATE_LIMIT_EXCEEDED with Retry-After past the
/// limit; counts refused credentials against the client's address. A request costs one permit; on an
/// endpoint marked <see cref="PermitsPerEventAttribute"/> it costs one per event, taken by the action once
/// the body is read. A caller without a limit (an ingest key, by default) gets no X-RateLimit headers.
/// </summary>
internal sealed class RateLimitingMiddleware(RequestDelegate next, RateLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (PresentedCredential.Of(context).Refused)
        {
            var client = RateLimits.ClientAddress(context);
            if (!limits.TryCountFailure(client))
            {
                await limits.RefuseFailuresAsync(context, client);
                return;
            }

            await next(context);
            return;
        }

        if (context.User.FindCaller() is not { } caller || limits.PartitionOf(caller) is not { } partition)
        {
            await next(context);
            return;
        }

        var budget = new CallerBudget(limits, partition, context.Response);
        context.Response.OnStarting(CallerBudget.WriteHeadersAsync, budget);
        if (context.GetEndpoint()?.Metadata.GetMetadata<PermitsPerEventAttribute>() is not null)
        {
            context.Features.Set(budget);
        }
        else if (!budget.TryTake(1))
        {
            await limits.RefuseAsync(context, partition, 1);
            return;
        }

        try
        {
            await next(context);
        }
        catch (RateLimitExceededException refused) when (!context.Response.HasStarted)
        {
            await limits.RefuseAsync(context, partition, refused.Permits);
        }

        // A request that never got as far as counting its events (a malformed batch) still costs one permit.
        if (!budget.Taken)
        {
            budget.TryTake(1);
        }
    }
}

/// <summary>One limited request's window, and the headers that report it.</summary>
internal sealed class CallerBudget
{
    private readonly RateLimits _limits;
    private readonly CallerPartition _partition;
    private readonly HttpResponse _response;

    public CallerBudget(RateLimits limits, CallerPartition partition, HttpResponse response)
    {
        _limits = limits;
        _partition = partition;
        _response = response;
    }

    public bool Taken { get; private set; }

    public bool TryTake(int permits)
    {
        Taken = true;
        return _limits.TryTake(_partition, permits);
    }

    /// <summary>A static callback with the budget as its state, so registering it allocates no closure.</summary>
    public static Task WriteHeadersAsync(object state)
    {
        var budget = (CallerBudget)state;
        var headers = budget._response.Headers;
        headers["X-RateLimit-Limit"] = budget._partition.Permits.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = budget._limits.Remaining(budget._partition).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = budget._limits.SecondsToReset(budget._partition).ToString(CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
