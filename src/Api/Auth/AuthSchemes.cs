namespace Faultline.Api.Auth;

public static class AuthSchemes
{
    public const string Operator = "Operator";
    public const string IngestKey = "IngestKey";
}

public static class AuthPolicies
{
    /// <summary>Operator calls: a valid operator bearer token.</summary>
    public const string Operator = "Operator";

    /// <summary>Event ingestion: an ingest key of the app in the route.</summary>
    public const string Ingest = "Ingest";
}

internal static class CredentialHeaders
{
    public const string IngestKey = "X-INGEST-KEY";
    public const string ApiKey = "X-API-Key";

    /// <summary>The token after "Bearer " in Authorization, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
