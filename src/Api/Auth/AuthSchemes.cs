namespace Faultline.Api.Auth;

/// <summary>
/// One authentication scheme per kind of credential. An endpoint's authorization policy names the schemes
/// it accepts, and only those run for it: that is how the kind of a bearer token is decided.
/// </summary>
public static class AuthSchemes
{
    public const string Operator = "Operator";
    public const string IngestKey = "IngestKey";

    /// <summary>An ingest key as Sentry's SDKs present it (X-Sentry-Auth or sentry_key); see Compatibility/Sentry.</summary>
    public const string SentryKey = "SentryKey";

    /// <summary>An ingest key on a route without an app: the key names its app (the compatibility surfaces' ingestion).</summary>
    public const string IngestKeyOwnApp = "IngestKeyOwnApp";

    /// <summary>A signed-in user's token (a JWT from password or emailed-code sign-in).</summary>
    public const string User = "User";

    /// <summary>The operator console's session cookie, carrying one of the credentials above (see OperatorConsole).</summary>
    public const string Console = "Console";
}

public static class AuthPolicies
{
    /// <summary>Queries: an operator credential with the read (or admin) scope, allowed to see the route's app.</summary>
    public const string OperatorRead = "OperatorRead";

    /// <summary>Changes and key management: an operator credential with the admin scope.</summary>
    public const string OperatorAdmin = "OperatorAdmin";

    /// <summary>Operator key management: an admin credential not limited to some apps.</summary>
    public const string OperatorRoot = "OperatorRoot";

    /// <summary>A signed-in user's own account (a JWT only).</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>Event ingestion: an ingest key of the app in the route.</summary>
    public const string Ingest = "Ingest";

    /// <summary>Sentry's envelope protocol: an ingest key of the app in the route, presented the way Sentry's SDKs do.</summary>
    public const string SentryIngest = "SentryIngest";

    /// <summary>Event ingestion on a route without an app: any live ingest key, for its own app.</summary>
    public const string IngestOwnApp = "IngestOwnApp";
}
