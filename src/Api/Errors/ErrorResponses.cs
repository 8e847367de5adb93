using Faultline.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Errors;

/// <summary>
/// The one way an error reaches a client, from MVC, middleware, authentication and the exception handler
/// alike: the status is set here and the endpoint's <see cref="IErrorWriter"/> writes the body.
/// </summary>
public static class ErrorResponses
{
    /// <summary>How long a client should wait before retrying when the database is down.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    public static Task WriteAsync(HttpContext context, ErrorCode code, string message, IReadOnlyDictionary<string, object?>? details = null) =>
        WriteAsync(context, new ApiError(code, message) { Details = details ?? ApiError.NoDetails });

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = error.Status;
        return WriterFor(context).WriteAsync(context, error);
    }

    /// <summary>An MVC result that answers through the same writer.</summary>
    public static IActionResult Result(ApiError error) => new ErrorResult(error);

    // Unknown routes have no endpoint and get the canonical envelope. The exception handler clears the
    // endpoint before it runs, and keeps the one that threw in its feature.
    private static IErrorWriter WriterFor(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<IErrorWriter>()
        ?? context.RequestServices.GetRequiredService<IErrorWriter>();

    private sealed class ErrorResult(ApiError error) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, error);
    }
}
