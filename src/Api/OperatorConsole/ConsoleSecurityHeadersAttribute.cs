using Microsoft.AspNetCore.Mvc.Filters;

namespace Faultline.Api.OperatorConsole;

/// <summary>
/// The console's Content-Security-Policy: scripts, styles, images and API calls from this origin only, no
/// inline script or style, no plugins, no framing (beside X-Frame-Options: DENY, which stays on every answer).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ConsoleSecurityHeadersAttribute : ActionFilterAttribute
{
    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }
}
