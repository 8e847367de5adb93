using System.Text.Encodings.Web;
using Faultline.Api.Auth;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Application.OperatorKeys.Queries;
using Faultline.Application.Users;
using Faultline.Domain.Common;
using Faultline.Infrastructure.Access;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.OperatorConsole;

/// <summary>
/// The console's session cookie, proved exactly as the bearer it carries would be (a user's JWT, the bootstrap
/// token or an operator key), so the caller is the same one the API's other schemes would make. A request
/// with its own Authorization header is left to those schemes. A change (POST, PATCH, DELETE...) made with
/// the cookie must carry the session's anti-forgery token, or it is refused 403 CSRF_TOKEN_INVALID.
/// </summary>
internal sealed class ConsoleAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    OperatorTokens operatorTokens, IUserTokens userTokens, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedCredential.Of(Context).Bearer is not null || ConsoleSession.Read(Request) is not { } session)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await ProveAsync(session, operatorTokens, userTokens, mediator, Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (ConsoleSession.IsChange(Request) && !session.IsCsrfTokenOf(Request))
        {
            throw new CsrfTokenInvalidException();
        }

        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    /// <summary>The caller a session's credential stands for, or null when it no longer proves anyone.</summary>
    public static async Task<Caller?> ProveAsync(
        ConsoleSession session, OperatorTokens operatorTokens, IUserTokens userTokens, IMediator mediator, CancellationToken cancellationToken)
    {
        if (session.Kind == ConsoleCredentialKind.User)
        {
            return await userTokens.ValidateAsync(session.Credential) is { } userId
                ? await mediator.Send(new AuthenticateUserQuery(userId), cancellationToken)
                : null;
        }

        return operatorTokens.IsBootstrapToken(session.Credential)
            ? Caller.BootstrapAdmin
            : await mediator.Send(new AuthenticateOperatorKeyQuery(session.Credential), cancellationToken);
    }

    // The bearer schemes answer challenges and refusals on the endpoints the console shares with them.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;
}

/// <summary>A change made with the console's cookie that does not prove it comes from the console's own page.</summary>
internal sealed class CsrfTokenInvalidException()
    : FaultlineException(ErrorCodes.CsrfTokenInvalid,
        $"This change was made with the console's session cookie but without its anti-forgery token (header {ConsoleSession.CsrfHeader}). Reload the console and try again.");
