using System.Globalization;
using System.Text.Encodings.Web;
using Faultline.Api.Auth;
using Faultline.Api.Errors;
using Faultline.Application.Access;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// An app's ingest key as the DSN's public key. Unlike the canonical ingestion endpoints, a live key of
/// another app is told apart (403) from a wrong or revoked key (401), as Sentry answers: its holder
/// already knows the key is live, and an SDK that gets 403 knows to check its DSN's project id.
/// </summary>
internal sealed class SentryKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Handlers live for one request, so the refusal's reason carries from authentication to the challenge.
    private bool _keyOfAnotherApp;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedCredential.Of(Context).SentryKey is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        if (await mediator.Send(new AuthenticateIngestKeyQuery(key), Context.RequestAborted) is not { } caller)
        {
            return AuthenticateResult.Fail("The DSN's key is not valid.");
        }

        if (!long.TryParse(Request.RouteValues["appId"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var routeAppId)
            || !caller.MaySee(routeAppId))
        {
            _keyOfAnotherApp = true;
            return AuthenticateResult.Fail("The DSN's key belongs to another app.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_keyOfAnotherApp)
        {
            return ErrorResponses.WriteAsync(Context, ErrorCodes.KeyOfAnotherApp,
                "The DSN's key belongs to another app: check the app id at the end of the DSN.");
        }

        return PresentedCredential.Of(Context).SentryKey is null
            ? ErrorResponses.WriteAsync(Context, ErrorCodes.MissingApiKey,
                $"Send the app's ingest key as the DSN's key: the {SentryAuth.KeyParameter} query parameter or the {SentryAuth.Header} header.")
            : ErrorResponses.WriteAsync(Context, ErrorCodes.InvalidApiKey, "The DSN's key is not valid (wrong, revoked or expired).");
    }
}
