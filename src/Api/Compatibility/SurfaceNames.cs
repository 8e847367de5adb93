namespace Faultline.Api.Compatibility;

/// <summary>The products whose clients the compatibility surfaces serve, as /docs groups them.</summary>
public static class SurfaceNames
{
    public const string FrontendMonitoring = "Frontend Monitoring API";
    public const string EventProcessor = "Event Processor API";
}
