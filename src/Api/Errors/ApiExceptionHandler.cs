using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics;

namespace Faultline.Api.Errors;

/// <summary>The one place where exceptions become error envelopes; nothing else catches to answer.</summary>
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

        switch (exception)
        {
            case DomainValidationException validation:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, validation.Code, validation.Message, validation.Details);
                return true;
            case NotFoundException notFound:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, notFound.Code, notFound.Message);
                return true;
            case ConflictException conflict:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status409Conflict, conflict.Code, conflict.Message);
                return true;
            case AuthenticationFailedException authentication:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, authentication.Code, authentication.Message);
                return true;
            case IngestionUnavailableException unavailable:
                context.Response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, unavailable.Code, unavailable.Message);
                return true;
            case PayloadTooLargeException tooLarge:
                await WritePayloadTooLargeAsync(context, tooLarge.LimitBytes);
                return true;
            case UnsupportedContentEncodingException encoding:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ApiErrorCodes.UnsupportedMediaType, encoding.Message);
                return true;
            case InvalidDataException:
                // A gzip body that does not inflate.
                await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationError, "The request body is not valid gzip.");
                return true;
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await WritePayloadTooLargeAsync(context, null);
                return true;
            case BadHttpRequestException badRequest:
                await ErrorResponses.WriteAsync(context, badRequest.StatusCode, ApiErrorCodes.RequestFailed, "The request could not be read.");
                return true;
        }

        switch (DatabaseErrors.Classify(exception))
        {
            case DatabaseErrorKind.InvalidData:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationError,
                    "A value in the request cannot be stored or compared (for example a number or date out of range).");
                return true;
            case DatabaseErrorKind.Unavailable:
                logger.LogWarning(exception, "The database is unavailable");
                context.Response.Headers.RetryAfter = ErrorResponses.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.DatabaseUnavailable,
                    "The database is not answering. Retry after the number of seconds in Retry-After.");
                return true;
        }

        logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        await ErrorResponses.WriteAsync(context, StatusCodes.Status500InternalServerError, ApiErrorCodes.InternalError,
            "Something went wrong on our side; the error has been logged.");
        return true;
    }

    private static Task WritePayloadTooLargeAsync(HttpContext context, long? limitBytes) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.PayloadTooLarge,
            limitBytes is null ? "The request body is too large." : $"The request body is larger than the {limitBytes} bytes this endpoint accepts.",
            limitBytes is null ? null : new Dictionary<string, object?> { ["limit_bytes"] = limitBytes });
}
