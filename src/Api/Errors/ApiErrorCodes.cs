namespace Faultline.Api.Errors;

/// <summary>Codes the HTTP layer itself answers with (the application's are in ErrorCodes).</summary>
public static class ApiErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string NotFound = "RESOURCE_NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string InsufficientScope = "INSUFFICIENT_SCOPE";
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string InternalError = "INTERNAL_ERROR";
    public const string RequestFailed = "REQUEST_FAILED";
}
