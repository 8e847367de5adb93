using System.Text.Encodings.Web;
using Faultline.Api.Errors;
using Faultline.Application.Access;
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
        var credential = PresentedCredential.Of(Context);
        if (credential.Bearer is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        if (tokens.IsBootstrapToken(token))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(Caller.BootstrapAdmin.ToPrincipal(Scheme.Name), Scheme.Name));
        }

        // A user's token is the user scheme's to prove; looking it up as a key would cost a query for nothing.
        if (credential.BearerIsJwt)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await mediator.Send(new AuthenticateOperatorKeyQuery(token), Context.RequestAborted);
        return caller is null
            ? AuthenticateResult.Fail("The operator token is not valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, ErrorCodes.Unauthorized,
            PresentedCredential.Of(Context).BearerIsJwt
                ? "The token is not valid or has expired: sign in again."
                : "This endpoint needs operator credentials or a signed-in user's token: 'Authorization: Bearer <token>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, ErrorCodes.InsufficientScope,
            "These operator credentials do not have the scope this call needs.");
}
