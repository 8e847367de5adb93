using System.Text.Encodings.Web;
using Faultline.Api.Errors;
using Faultline.Application.Access;
using Faultline.Application.Users;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Auth;

/// <summary>
/// Signed-in users: <c>Authorization: Bearer &lt;JWT&gt;</c>. A bearer that is not shaped like a JWT is left
/// to the endpoint's other schemes (an operator key); a JWT that fails validation, or names a user who is
/// no longer active, fails.
/// </summary>
internal sealed class UserAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IUserTokens tokens, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = PresentedCredential.Of(Context);
        if (credential.Bearer is not { } token || !credential.BearerIsJwt)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await tokens.ValidateAsync(token) is { } userId
            ? await mediator.Send(new AuthenticateUserQuery(userId), Context.RequestAborted)
            : null;
        return caller is null
            ? AuthenticateResult.Fail("The token is not valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    // The operator scheme, asked first on shared endpoints, has usually answered already.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, ErrorCodes.Unauthorized,
            PresentedCredential.Of(Context).Bearer is null
                ? "This endpoint needs credentials: 'Authorization: Bearer <token>'."
                : "The token is not valid or has expired: sign in again.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, ErrorCodes.InsufficientScope, "These credentials do not allow this call.");
}
