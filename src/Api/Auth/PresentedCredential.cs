using Faultline.Api.Compatibility.Sentry;

namespace Faultline.Api.Auth;

/// <summary>
/// The one reader of credential headers, shared by the authentication schemes and the rate limiter: what
/// a request presents, not what it is (that is for the endpoint's schemes to prove). Read once per request.
/// </summary>
internal sealed class PresentedCredential
{
    public const string IngestKeyHeader = "X-INGEST-KEY";
    public const string ApiKeyHeader = "X-API-Key";

    private static readonly PresentedCredential None = new(null, null, null);

    private PresentedCredential(string? apiKey, string? bearer, string? sentryKey)
    {
        ApiKey = apiKey;
        Bearer = bearer;
        SentryKey = sentryKey;
    }

    /// <summary>X-INGEST-KEY, or else X-API-Key: only ingest keys travel in these.</summary>
    public string? ApiKey { get; }

    /// <summary>The token after "Bearer " in Authorization: an ingest key or an operator credential, as the endpoint decides.</summary>
    public string? Bearer { get; }

    /// <summary>The sentry_key of X-Sentry-Auth or of the query string: an ingest key as Sentry's SDKs send it.</summary>
    public string? SentryKey { get; }

    public bool IsPresent => ApiKey is not null || Bearer is not null || SentryKey is not null;

    /// <summary>A bearer of three dot-separated parts, as every JWT has and no Faultline key has: a signed-in user's token.</summary>
    public bool BearerIsJwt => Bearer is not null && Bearer.Count(character => character == '.') == 2;

    /// <summary>The endpoint's schemes ran and none accepted what was presented; counted against the client's IP.</summary>
    public bool Refused { get; private set; }

    public static PresentedCredential Of(HttpContext context)
    {
        if (context.Features.Get<PresentedCredential>() is { } read)
        {
            return read;
        }

        var credential = Read(context.Request);
        context.Features.Set(credential);
        return credential;
    }

    private static PresentedCredential Read(HttpRequest request)
    {
        var apiKey = request.Headers[IngestKeyHeader].ToString();
        if (apiKey.Length == 0)
        {
            apiKey = request.Headers[ApiKeyHeader].ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var bearer = authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length
            ? authorization[scheme.Length..].Trim()
            : null;
        apiKey = apiKey.Trim();
        var sentryKey = SentryAuth.KeyOf(request);
        return apiKey.Length == 0 && string.IsNullOrEmpty(bearer) && sentryKey is null
            ? None
            : new PresentedCredential(apiKey.Length > 0 ? apiKey : null, string.IsNullOrEmpty(bearer) ? null : bearer, sentryKey);
    }

    /// <summary>Marks a presented credential as refused; nothing presented is never a failed attempt (and <see cref="None"/> is shared).</summary>
    public void MarkRefused()
    {
        if (IsPresent)
        {
            Refused = true;
        }
    }
}
