using System.Globalization;
using Faultline.Application.OperatorKeys;
using Microsoft.AspNetCore.Authorization;

namespace Faultline.Api.Auth;

internal static class OperatorContext
{
    public const string IdentityItem = "faultline:operator";
    public const string AppHiddenItem = "faultline:app_hidden";

    /// <summary>The authenticated operator; only called behind an operator policy.</summary>
    public static OperatorIdentity OperatorIdentity(this HttpContext context) =>
        context.Items[IdentityItem] as OperatorIdentity ?? throw new InvalidOperationException("No operator identity on this request.");
}

/// <summary>An operator scope, and the app in the route (if any) must be one the credential may see.</summary>
internal sealed record OperatorAccessRequirement(string Scope, bool AllApps = false) : IAuthorizationRequirement;

internal sealed class OperatorAccessHandler : AuthorizationHandler<OperatorAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorAccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http || http.Items[OperatorContext.IdentityItem] is not OperatorIdentity identity)
        {
            return Task.CompletedTask;
        }

        if (!identity.Has(requirement.Scope) || (requirement.AllApps && identity.Apps is not null))
        {
            context.Fail(new AuthorizationFailureReason(this, "missing scope"));
            return Task.CompletedTask;
        }

        if (long.TryParse(http.Request.RouteValues["appId"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var appId)
            && !identity.MaySee(appId))
        {
            http.Items[OperatorContext.AppHiddenItem] = true;
            context.Fail(new AuthorizationFailureReason(this, "app not visible"));
            return Task.CompletedTask;
        }

        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
