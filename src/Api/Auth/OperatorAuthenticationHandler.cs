using System.Security.Claims;
using System.Text.Encodings.Web;
using Faultline.Api.Errors;
using Faultline.Application.OperatorKeys;
using Faultline.Application.OperatorKeys.Queries;
using Faultline.Domain.Common;
using Faultline.Infrastructure.Access;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Auth;

/// <summary>Operator credentials: <c>Authorization: Bearer &lt;token&gt;</c>, the bootstrap token or an operator key.</summary>
internal sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OperatorTokens tokens, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = CredentialHeaders.BearerToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = tokens.IsBootstrapToken(token)
            ? OperatorIdentity.Bootstrap
            : await mediator.Send(new AuthenticateOperatorKeyQuery(token), Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The operator token is not valid.");
        }

        Context.Items[OperatorContext.IdentityItem] = identity;
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, identity.Name)], Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, ErrorCodes.Unauthorized,
            "This endpoint needs operator credentials: 'Authorization: Bearer <token>'.");

    // A key limited to other apps is told the app does not exist, so it learns nothing about them.
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Context.Items.ContainsKey(OperatorContext.AppHiddenItem)
            ? ErrorResponses.WriteAsync(Context, ErrorCodes.AppNotFound, "No such app.")
            : ErrorResponses.WriteAsync(Context, ErrorCodes.InsufficientScope,
                "These operator credentials do not have the scope this call needs.");
}
