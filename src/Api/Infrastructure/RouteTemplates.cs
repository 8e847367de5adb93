namespace Faultline.Api.Infrastructure;

/// <summary>Seed 000's routes and the canonical versioned ones are the same controllers under two prefixes.</summary>
public static class RouteTemplates
{
    public const string Apps = "apps";
    public const string VersionedApps = "api/v1/apps";
}
