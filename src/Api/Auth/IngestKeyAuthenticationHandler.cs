using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Faultline.Api.Errors;
using Faultline.Application.Access;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Auth;

/// <summary>
/// Ingest keys: X-INGEST-KEY, X-API-Key or Authorization: Bearer. A key succeeds only for the app in the
/// route; a wrong, revoked or foreign key and an unknown app all fail alike, so nothing reveals which apps exist.
/// </summary>
internal sealed class IngestKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string AppIdClaim = "faultline:app_id";
    private const string KeyPresentedItem = "faultline:ingest_key_presented";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        Context.Items[KeyPresentedItem] = true;
        var keyAppId = await mediator.Send(new AuthenticateIngestKeyQuery(key), Context.RequestAborted);
        if (keyAppId is null
            || !long.TryParse(Request.RouteValues["appId"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var routeAppId)
            || routeAppId != keyAppId)
        {
            return AuthenticateResult.Fail("The ingest key is not valid for this app.");
        }

        var identity = new ClaimsIdentity([new Claim(AppIdClaim, keyAppId.Value.ToString(CultureInfo.InvariantCulture))], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.ContainsKey(KeyPresentedItem)
            ? ErrorResponses.WriteAsync(Context, ErrorCodes.InvalidApiKey,
                "The ingest key is not valid for this app.")
            : ErrorResponses.WriteAsync(Context, ErrorCodes.MissingApiKey,
                $"Send the app's ingest key in the {CredentialHeaders.IngestKey} header (or X-API-Key, or Authorization: Bearer).");

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[CredentialHeaders.IngestKey].ToString();
        if (header.Length == 0)
        {
            header = request.Headers[CredentialHeaders.ApiKey].ToString();
        }

        return header.Length > 0 ? header.Trim() : CredentialHeaders.BearerToken(request);
    }
}
