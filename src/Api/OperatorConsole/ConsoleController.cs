using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Application.OperatorKeys;
using Faultline.Application.OperatorKeys.Queries;
using Faultline.Application.Users;
using Faultline.Application.Users.Commands.RequestSignInCode;
using Faultline.Application.Users.Commands.SignIn;
using Faultline.Application.Users.Commands.VerifySignInCode;
using Faultline.Domain.Common;
using Faultline.Domain.Users;
using Faultline.Infrastructure.Access;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Faultline.Api.OperatorConsole;

/// <summary>
/// The operator console: one page (wwwroot/console/index.html) whose scripts call the canonical API with the
/// session cookie, its assets, and the session itself (sign in three ways, who am I, sign out). Everything
/// the console shows comes from the canonical API; this controller only opens and closes sessions.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
[ConsoleSecurityHeaders]
[Route("console")]
public sealed class ConsoleController(
    IMediator mediator, SignInThrottle throttle, OperatorTokens operatorTokens, IUserTokens userTokens, IWebHostEnvironment environment) : ControllerBase
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>The console's page for every console path: the script reads the path and draws the page.</summary>
    [HttpGet("")]
    [HttpGet("{**path}", Order = 1)]
    public IActionResult Page() => Asset("index.html");

    /// <summary>Scripts, styles and the vendored chart library, all from this server (no CDN).</summary>
    [HttpGet("assets/{**file}")]
    public IActionResult Asset(string file)
    {
        var info = environment.WebRootFileProvider.GetFileInfo("console/" + file);
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null)
        {
            throw new NotFoundException(ErrorCodes.ResourceNotFound, "The console has no such file.");
        }

        var contentType = ContentTypes.TryGetContentType(info.Name, out var type) ? type : "application/octet-stream";
        Response.Headers.CacheControl = "no-cache";
        var tag = new EntityTagHeaderValue($"\"{info.LastModified.UtcTicks:x}-{info.Length:x}\"");
        return PhysicalFile(info.PhysicalPath, contentType, info.LastModified, tag);
    }

    /// <summary>Who is signed in, and the anti-forgery token the page sends with every change; 401 without a session.</summary>
    [HttpGet("session")]
    public async Task<ActionResult<ConsoleSessionResponse>> Session(CancellationToken cancellationToken)
    {
        var session = ConsoleSession.Read(Request);
        var caller = session is null ? null : await ConsoleAuthenticationHandler.ProveAsync(session, operatorTokens, userTokens, mediator, cancellationToken);
        if (session is null || caller is null)
        {
            throw new UnauthorizedException(ErrorCodes.Unauthorized, "Not signed in, or the session has ended: sign in again.");
        }

        Response.Headers.CacheControl = "no-store";
        return Describe(session, caller);
    }

    /// <summary>Signs in with an email and password, an email and the emailed code, or an operator token; sets the session cookie.</summary>
    [HttpPost("session")]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    public async Task<ActionResult<ConsoleSessionResponse>> SignIn([FromBody] ConsoleSignInRequest body, CancellationToken cancellationToken)
    {
        RefuseOtherOrigins();
        ConsoleSession session;
        if (!string.IsNullOrWhiteSpace(body.Token))
        {
            throttle.Attempt(HttpContext, null);
            session = new ConsoleSession(ConsoleCredentialKind.Operator, body.Token.Trim());
        }
        else if (!string.IsNullOrWhiteSpace(body.Code))
        {
            var email = EmailAddress.Create(body.Email);
            throttle.Attempt(HttpContext, email.Value);
            var signedIn = await mediator.Send(new VerifySignInCodeCommand(email, body.Code.Trim()), cancellationToken);
            session = new ConsoleSession(ConsoleCredentialKind.User, signedIn.Token);
        }
        else
        {
            throttle.Attempt(HttpContext, body.Email);
            var signedIn = await mediator.Send(new SignInCommand(body.Email?.Trim() ?? string.Empty, Password.Presented(body.Password)?.Value), cancellationToken);
            session = new ConsoleSession(ConsoleCredentialKind.User, signedIn.Token);
        }

        var caller = await ConsoleAuthenticationHandler.ProveAsync(session, operatorTokens, userTokens, mediator, cancellationToken)
            ?? throw new UnauthorizedException(ErrorCodes.Unauthorized, "This operator token is not valid: check it, or ask an admin for a new key.");
        session.Write(Response);
        Response.Headers.CacheControl = "no-store";
        return Describe(session, caller);
    }

    /// <summary>Emails a six-digit sign-in code (to the log when no mail server is configured).</summary>
    [HttpPost("session/code")]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    public async Task<ActionResult<ConsoleCodeSentResponse>> RequestCode([FromBody] ConsoleSignInRequest body, CancellationToken cancellationToken)
    {
        RefuseOtherOrigins();
        var email = EmailAddress.Create(body.Email);
        throttle.Attempt(HttpContext, email.Value);
        await mediator.Send(new RequestSignInCodeCommand(email), cancellationToken);
        return new ConsoleCodeSentResponse { Message = $"A sign-in code was sent to {email.Value}. It works once, for 10 minutes." };
    }

    /// <summary>Signs out: the cookie is cleared. With a live session, only the console's page may do it (anti-forgery token).</summary>
    [HttpDelete("session")]
    public IActionResult EndSession()
    {
        if (ConsoleSession.Read(Request) is { } session && !session.IsCsrfTokenOf(Request))
        {
            throw new CsrfTokenInvalidException();
        }

        ConsoleSession.Clear(Response);
        return NoContent();
    }

    /// <summary>A sign-in from another site's page (login CSRF) is refused; browsers always send Origin on a cross-origin POST.</summary>
    private void RefuseOtherOrigins()
    {
        var origin = Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{Request.Scheme}://{Request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            throw new CsrfTokenInvalidException();
        }
    }

    private static ConsoleSessionResponse Describe(ConsoleSession session, Caller caller) => new()
    {
        Kind = caller.Kind == CallerKind.User ? "user" : "operator",
        Name = caller.Name,
        CanManageOperators = caller.Has(OperatorScopes.Admin) && caller.Apps is null,
        CanChange = caller.Has(OperatorScopes.Admin),
        CsrfToken = session.CsrfToken,
    };
}

public sealed class ConsoleSignInRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? Code { get; set; }

    public string? Token { get; set; }
}

public sealed class ConsoleSessionResponse
{
    /// <summary>user or operator.</summary>
    public string Kind { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>Operator keys and users may be managed (an admin not limited to some apps).</summary>
    public bool CanManageOperators { get; init; }

    /// <summary>The admin scope: create apps and keys, triage groups.</summary>
    public bool CanChange { get; init; }

    /// <summary>Sent back in X-Faultline-Csrf with every change.</summary>
    public string CsrfToken { get; init; } = string.Empty;
}

public sealed class ConsoleCodeSentResponse
{
    public string Message { get; init; } = string.Empty;
}
