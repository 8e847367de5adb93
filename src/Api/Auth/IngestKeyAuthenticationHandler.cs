using System.Globalization;
using System.Text.Encodings.Web;
using Faultline.Api.Errors;
using Faultline.Application.Access;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Auth;

/// <summary>
/// Ingest keys: X-INGEST-KEY, X-API-Key or Authorization: Bearer. Under <see cref="AuthSchemes.IngestKey"/> a key
/// succeeds only for the app in the route; a wrong, revoked or foreign key and an unknown app all fail alike,
/// so nothing reveals which apps exist. Under <see cref="AuthSchemes.IngestKeyOwnApp"/> the route names no app
/// and the key's own app is the one written to.
/// </summary>
internal sealed class IngestKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IMediator mediator, IngestKeyUsage usage)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var credential = PresentedCredential.Of(Context);
        var key = credential.ApiKey ?? credential.Bearer;
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = await mediator.Send(new AuthenticateIngestKeyQuery(key), Context.RequestAborted);
        if (caller is not null && Scheme.Name == AuthSchemes.IngestKeyOwnApp)
        {
            usage.Record(caller.KeyId!.Value);
            return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
        }

        if (caller is null
            || !long.TryParse(Request.RouteValues["appId"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var routeAppId)
            || !caller.MaySee(routeAppId))
        {
            return AuthenticateResult.Fail("The ingest key is not valid for this app.");
        }

        usage.Record(caller.KeyId!.Value);
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        PresentedCredential.Of(Context) is { ApiKey: not null } or { Bearer: not null }
            ? ErrorResponses.WriteAsync(Context, ErrorCodes.InvalidApiKey,
                "The ingest key is not valid for this app.")
            : ErrorResponses.WriteAsync(Context, ErrorCodes.MissingApiKey,
                $"Send the app's ingest key in the {PresentedCredential.IngestKeyHeader} header (or X-API-Key, or Authorization: Bearer).");
}
