namespace Faultline.Api.Infrastructure;

/// <summary>Endpoint metadata: a request here costs one permit per event, taken with <see cref="RateLimitPermits.TakeEventPermits"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PermitsPerEventAttribute : Attribute;

internal static class RateLimitPermits
{
    /// <summary>
    /// Takes one permit per event for a limited caller on a <see cref="PermitsPerEventAttribute"/> endpoint
    /// (nothing otherwise). More events than the permits left refuses the whole request: 429, nothing stored.
    /// </summary>
    public static void TakeEventPermits(this HttpContext context, int events)
    {
        if (context.Features.Get<CallerBudget>() is { } budget && !budget.TryTake(Math.Max(1, events)))
        {
            throw new RateLimitExceededException(events);
        }
    }
}

/// <summary>Thrown by an action out of permits; <see cref="RateLimitingMiddleware"/> answers it with 429.</summary>
internal sealed class RateLimitExceededException(int permits) : Exception($"{permits} permits were not available.")
{
    public int Permits { get; } = permits;
}
