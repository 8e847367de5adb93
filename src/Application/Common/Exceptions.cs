using Faultline.Domain.Common;

namespace Faultline.Application.Common;

/// <summary>
/// An outcome that only the database could reveal (not found, a conflict, ingestion full); its code
/// decides the answer, in the one error-mapping point of each HTTP surface.
/// </summary>
public abstract class FaultlineException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;
}

public sealed class NotFoundException(ErrorCode code, string message) : FaultlineException(code, message)
{
    public static NotFoundException App(long appId) => new(ErrorCodes.AppNotFound, $"App {appId} does not exist.");

    public static NotFoundException Key(long appId, long keyId) => new(ErrorCodes.ResourceNotFound, $"App {appId} has no key {keyId}.");
}

public sealed class ConflictException(ErrorCode code, string message) : FaultlineException(code, message);

/// <summary>Ingestion cannot take the request now (queue full, shutting down); the client should retry.</summary>
public sealed class IngestionUnavailableException(string message, int retryAfterSeconds) : FaultlineException(ErrorCodes.IngestionUnavailable, message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>Credentials presented in a request body (a sign-in) that do not prove anyone.</summary>
public sealed class UnauthorizedException(ErrorCode code, string message) : FaultlineException(code, message);

/// <summary>Too many attempts of something limited (sign-ins, codes); retry after the given seconds.</summary>
public sealed class RateLimitedException(string message, int retryAfterSeconds) : FaultlineException(ErrorCodes.RateLimitExceeded, message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
