namespace Faultline.Domain.Common;

/// <summary>A stable code the API answers with, and the HTTP status the canonical API gives it.</summary>
public sealed record ErrorCode(string Value, int Status)
{
    public override string ToString() => Value;
}

/// <summary>
/// Every error code Faultline answers with, in one place (decision record 0010). The README's table of
/// errors is tested against this class: a code added here must be added there.
/// </summary>
public static class ErrorCodes
{
    /// <summary>Input breaks a rule; details name the field(s).</summary>
    public static readonly ErrorCode ValidationError = new("VALIDATION_ERROR", 400);

    /// <summary>A time window that is empty, inverted or spans too many buckets.</summary>
    public static readonly ErrorCode InvalidTimeRange = new("INVALID_TIME_RANGE", 400);

    /// <summary>
    /// The request could not be read, or failed with a status no other code names; such an answer keeps
    /// the status the server chose (for example 408).
    /// </summary>
    public static readonly ErrorCode RequestFailed = new("REQUEST_FAILED", 400);

    /// <summary>Deleting the only live key of a project through the API Analytics API, which keeps one.</summary>
    public static readonly ErrorCode LastActiveKey = new("LAST_ACTIVE_KEY", 400);

    /// <summary>An ingestion call without an ingest key.</summary>
    public static readonly ErrorCode MissingApiKey = new("MISSING_API_KEY", 401);

    /// <summary>An ingest key that is wrong, revoked, expired or belongs to another app.</summary>
    public static readonly ErrorCode InvalidApiKey = new("INVALID_API_KEY", 401);

    /// <summary>Operator credentials missing or wrong.</summary>
    public static readonly ErrorCode Unauthorized = new("UNAUTHORIZED", 401);

    /// <summary>Sign-in with an email and password that do not match an active account (which of them is wrong is not said).</summary>
    public static readonly ErrorCode InvalidCredentials = new("INVALID_CREDENTIALS", 401);

    /// <summary>A sign-in code that is wrong, spent or expired.</summary>
    public static readonly ErrorCode InvalidCode = new("INVALID_CODE", 401);

    /// <summary>Operator credentials without the scope the call needs.</summary>
    public static readonly ErrorCode InsufficientScope = new("INSUFFICIENT_SCOPE", 403);

    /// <summary>A live ingest key sent to another app's endpoint of Sentry's envelope protocol (the canonical API answers 401).</summary>
    public static readonly ErrorCode KeyOfAnotherApp = new("KEY_OF_ANOTHER_APP", 403);

    /// <summary>A change made with the console's session cookie without the session's anti-forgery token (or from another origin).</summary>
    public static readonly ErrorCode CsrfTokenInvalid = new("CSRF_TOKEN_INVALID", 403);

    public static readonly ErrorCode AppNotFound = new("APP_NOT_FOUND", 404);

    /// <summary>An unknown route, key or other resource.</summary>
    public static readonly ErrorCode ResourceNotFound = new("RESOURCE_NOT_FOUND", 404);

    public static readonly ErrorCode MethodNotAllowed = new("METHOD_NOT_ALLOWED", 405);

    public static readonly ErrorCode UserNotFound = new("USER_NOT_FOUND", 404);

    public static readonly ErrorCode EmailTaken = new("EMAIL_TAKEN", 409);

    public static readonly ErrorCode AppNameTaken = new("APP_NAME_TAKEN", 409);

    public static readonly ErrorCode KeyNameTaken = new("KEY_NAME_TAKEN", 409);

    /// <summary>A saved filter's name that the tenant already uses.</summary>
    public static readonly ErrorCode FilterNameTaken = new("FILTER_NAME_TAKEN", 409);

    public static readonly ErrorCode PayloadTooLarge = new("PAYLOAD_TOO_LARGE", 413);

    public static readonly ErrorCode UnsupportedMediaType = new("UNSUPPORTED_MEDIA_TYPE", 415);

    public static readonly ErrorCode RateLimitExceeded = new("RATE_LIMIT_EXCEEDED", 429);

    public static readonly ErrorCode InternalError = new("INTERNAL_ERROR", 500);

    /// <summary>The configured AI provider could not be reached or answered with an error; the built-in analysis is still given.</summary>
    public static readonly ErrorCode AiProviderUnavailable = new("AI_PROVIDER_UNAVAILABLE", 502);

    /// <summary>The configured AI provider did not answer within its timeout; the built-in analysis is still given.</summary>
    public static readonly ErrorCode AiInferenceTimeout = new("AI_INFERENCE_TIMEOUT", 504);

    public static readonly ErrorCode DatabaseUnavailable = new("DATABASE_UNAVAILABLE", 503);

    /// <summary>The ingestion queue is full or the instance is stopping.</summary>
    public static readonly ErrorCode IngestionUnavailable = new("INGESTION_UNAVAILABLE", 503);

    /// <summary>The request ran longer than the configured timeout.</summary>
    public static readonly ErrorCode RequestTimeout = new("REQUEST_TIMEOUT", 503);
}
