using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Faultline.Api.Auth;

/// <summary>
/// Establishes who is calling before anything else needs to know (the rate limiter, then authorization):
/// the matched endpoint's authorization policy names the schemes it accepts, and only those run. A bearer
/// token is therefore an ingest key on an ingestion endpoint and an operator credential elsewhere, without
/// a guess. The authorization middleware later asks the same schemes again and gets each handler's
/// per-request result, so nothing is checked twice.
/// </summary>
internal sealed class CallerAuthenticationMiddleware(RequestDelegate next, IAuthorizationPolicyProvider policyProvider)
{
    private readonly ConcurrentDictionary<Endpoint, AuthorizationPolicy?> _policies = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var policy = endpoint is null ? null : await PolicyOfAsync(endpoint);
        if (policy is { AuthenticationSchemes.Count: > 0 })
        {
            // As the policy evaluator does: every scheme the policy names, their identities merged.
            ClaimsPrincipal? caller = null;
            foreach (var scheme in policy.AuthenticationSchemes)
            {
                var result = await context.AuthenticateAsync(scheme);
                if (result.Succeeded)
                {
                    caller = caller is null ? result.Principal : new ClaimsPrincipal(caller.Identities.Concat(result.Principal.Identities));
                }
            }

            if (caller is null)
            {
                PresentedCredential.Of(context).MarkRefused();
            }
            else
            {
                context.User = caller;
            }
        }

        await next(context);
    }

    /// <summary>The endpoint's combined policy (null when it allows anyone), worked out once per endpoint.</summary>
    private async ValueTask<AuthorizationPolicy?> PolicyOfAsync(Endpoint endpoint)
    {
        if (_policies.TryGetValue(endpoint, out var cached))
        {
            return cached;
        }

        var policy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            ? null
            : await AuthorizationPolicy.CombineAsync(
                policyProvider, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        _policies[endpoint] = policy;
        return policy;
    }
}
