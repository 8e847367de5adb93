namespace Faultline.Api.Auth;

public static class AuthSchemes
{
    public const string Operator = "Operator";
    public const string IngestKey = "IngestKey";
}

public static class AuthPolicies
{
    /// <summary>Queries: an operator credential with the read (or admin) scope, allowed to see the route's app.</summary>
    public const string OperatorRead = "OperatorRead";

    /// <summary>Changes and key management: an operator credential with the admin scope.</summary>
    public const string OperatorAdmin = "OperatorAdmin";

    /// <summary>Operator key management: an admin credential not limited to some apps.</summary>
    public const string OperatorRoot = "OperatorRoot";

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
