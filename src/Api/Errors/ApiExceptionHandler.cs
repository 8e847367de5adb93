using System.Globalization;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics;

namespace Faultline.Api.Errors;

/// <summary>The one place where exceptions become errors; nothing else catches to answer.</summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or BadHttpRequestException or IOException)
        {
            // The client went away (mid-body or while waiting): there is nobody to answer, and writing
            // would only throw again inside the exception handler.
            context.Response.StatusCode = 499;
            return true;
        }

        if (exception is IngestionUnavailableException unavailable)
        {
            context.Response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (exception is RateLimitedException limited)
        {
            context.Response.Headers.RetryAfter = limited.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        await ErrorResponses.WriteAsync(context, Describe(context, exception));
        return true;
    }

    private ApiError Describe(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case DomainValidationException validation:
                return ApiError.From(validation);
            case FaultlineException known:
                return new ApiError(known.Code, known.Message);
            case PayloadTooLargeException tooLarge:
                return PayloadTooLarge(tooLarge.LimitBytes);
            case UnsupportedContentEncodingException encoding:
                return new ApiError(ErrorCodes.UnsupportedMediaType, encoding.Message);
            case InvalidDataException:
                // A gzip body that does not inflate.
                return new ApiError(ErrorCodes.ValidationError, "The request body is not valid gzip.");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return PayloadTooLarge(null);
            case BadHttpRequestException badRequest:
                return new ApiError(ErrorCodes.RequestFailed, "The request could not be read.") { Status = badRequest.StatusCode };
        }

        switch (DatabaseErrors.Classify(exception))
        {
            case DatabaseErrorKind.InvalidData:
                return new ApiError(ErrorCodes.ValidationError,
                    "A value in the request cannot be stored or compared (for example a number or date out of range).");
            case DatabaseErrorKind.Unavailable:
                logger.LogWarning(exception, "The database is unavailable");
                context.Response.Headers.RetryAfter = ErrorResponses.DatabaseRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return new ApiError(ErrorCodes.DatabaseUnavailable, "The database is not answering. Retry after the number of seconds in Retry-After.");
        }

        logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        return new ApiError(ErrorCodes.InternalError, "Something went wrong on our side; the error has been logged.");
    }

    private static ApiError PayloadTooLarge(long? limitBytes) =>
        limitBytes is null
            ? new ApiError(ErrorCodes.PayloadTooLarge, "The request body is too large.")
            : new ApiError(ErrorCodes.PayloadTooLarge, $"The request body is larger than the {limitBytes} bytes this endpoint accepts.")
            {
                Details = new Dictionary<string, object?> { ["LimitBytes"] = limitBytes },
            };
}
