using System.Security.Claims;
using System.Text.Encodings.Web;
using Faultline.Api.Errors;
using Faultline.Application.Common;
using Faultline.Infrastructure.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Auth;

/// <summary>Operator credentials: <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OperatorTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = CredentialHeaders.BearerToken(Request);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!tokens.IsBootstrapToken(token))
        {
            return Task.FromResult(AuthenticateResult.Fail("The operator token is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "bootstrap-admin")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
            "This endpoint needs operator credentials: 'Authorization: Bearer <token>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, ApiErrorCodes.InsufficientScope,
            "These operator credentials do not allow this call.");
}
