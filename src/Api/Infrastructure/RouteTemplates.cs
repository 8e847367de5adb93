namespace Faultline.Api.Infrastructure;

/// <summary>The Log Handler API's routes and the canonical versioned ones are the same controllers under two prefixes.</summary>
public static class RouteTemplates
{
    /// <summary>The Log Handler API's own prefix, kept so its documented calls work unchanged.</summary>
    public const string Apps = "apps";

    /// <summary>The canonical API's prefix: where /docs documents each operation.</summary>
    public const string VersionedApps = "api/v1/apps";

    public const string CanonicalPrefix = "api/v1/";

    /// <summary>The product whose clients call a non-canonical prefix, named in /docs beside the operations it serves.</summary>
    public static string? ProductServedAt(string template) =>
        template == Apps || template.StartsWith(Apps + "/", StringComparison.Ordinal) ? "Log Handler API" : null;
}
