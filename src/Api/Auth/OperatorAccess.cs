using System.Globalization;
using Faultline.Api.Errors;
using Faultline.Application.Access;
using Faultline.Domain.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Faultline.Api.Auth;

/// <summary>An operator scope, and the app in the route (if any) must be one the credential may see.</summary>
internal sealed record OperatorAccessRequirement(string Scope, bool AllApps = false) : IAuthorizationRequirement;

internal sealed class OperatorAccessHandler : AuthorizationHandler<OperatorAccessRequirement>
{
    /// <summary>The failure that is answered 404 rather than 403: a credential limited to other apps learns nothing about this one.</summary>
    public const string AppNotVisible = "app not visible";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorAccessRequirement requirement)
    {
        if (context.User.FindCaller() is not { } caller)
        {
            return Task.CompletedTask;
        }

        if (context.Resource is HttpContext http
            && long.TryParse(http.Request.RouteValues["appId"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var appId)
            && !caller.MaySee(appId))
        {
            context.Fail(new AuthorizationFailureReason(this, AppNotVisible));
        }
        else if (!caller.Has(requirement.Scope) || (requirement.AllApps && caller.Apps is not null))
        {
            context.Fail(new AuthorizationFailureReason(this, "missing scope"));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Answers a route's app that the caller may not see with 404 APP_NOT_FOUND; every other outcome as usual.</summary>
internal sealed class AppNotVisibleResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden
        && authorizeResult.AuthorizationFailure?.FailureReasons.Any(reason => reason.Message == OperatorAccessHandler.AppNotVisible) == true
            ? ErrorResponses.WriteAsync(context, ErrorCodes.AppNotFound, "No such app.")
            : _default.HandleAsync(next, context, policy, authorizeResult);
}
