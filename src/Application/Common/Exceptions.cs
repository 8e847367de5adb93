namespace Faultline.Application.Common;

/// <summary>An error the API answers with a specific status and code; mapped to the envelope in one place.</summary>
public abstract class FaultlineException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public sealed class NotFoundException(string code, string message) : FaultlineException(code, message)
{
    public static NotFoundException App(long appId) => new(ErrorCodes.AppNotFound, $"App {appId} does not exist.");
}

public sealed class ConflictException(string code, string message) : FaultlineException(code, message);

public sealed class AuthenticationFailedException(string code, string message) : FaultlineException(code, message);

public static class ErrorCodes
{
    public const string AppNotFound = "APP_NOT_FOUND";
    public const string ResourceNotFound = "RESOURCE_NOT_FOUND";
    public const string AppNameTaken = "APP_NAME_TAKEN";
    public const string MissingApiKey = "MISSING_API_KEY";
    public const string InvalidApiKey = "INVALID_API_KEY";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string KeyNameTaken = "KEY_NAME_TAKEN";
    public const string IngestionUnavailable = "INGESTION_UNAVAILABLE";
}

/// <summary>Ingestion cannot take the request now (queue full, shutting down); the client should retry.</summary>
public sealed class IngestionUnavailableException(string message, int retryAfterSeconds) : FaultlineException(ErrorCodes.IngestionUnavailable, message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
