using Faultline.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Faultline.Api.Errors;

/// <summary>Binding failures (malformed JSON, wrong types, too deep, empty body) as a 400 error.</summary>
internal static class ModelStateErrors
{
    public static IActionResult ToResult(ActionContext context)
    {
        // "$" and "body" both name the whole body, so entries are grouped by the name a client sees.
        var errors = context.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .GroupBy(entry => FieldName(entry.Key))
            .ToDictionary(
                group => group.Key,
                group => (object?)group.SelectMany(entry => entry.Value!.Errors).Select(Describe).Distinct().ToArray());
        // A field's own error says more than the generic "body is required" that accompanies it.
        var first = errors.OrderBy(entry => entry.Key == "body")
            .SelectMany(entry => (string[])entry.Value!).FirstOrDefault() ?? "The request is not valid.";
        // The keys are JSON paths as the client wrote them, so they are passed on as they are.
        return ErrorResponses.Result(new ApiError(ErrorCodes.ValidationError, first)
        {
            Details = new Dictionary<string, object?> { ["Errors"] = errors },
        });
    }

    // "$.tags.env" and "body.$.message" become "tags.env" and "message"; an empty key is the whole body.
    private static string FieldName(string key)
    {
        var name = key;
        var dollar = name.IndexOf('$', StringComparison.Ordinal);
        if (dollar >= 0)
        {
            name = name[(dollar + 1)..].TrimStart('.');
        }

        return name.Length == 0 ? "body" : name;
    }

    private static string Describe(Microsoft.AspNetCore.Mvc.ModelBinding.ModelError error)
    {
        if (!string.IsNullOrEmpty(error.ErrorMessage))
        {
            return Tidy(error.ErrorMessage);
        }

        return error.Exception is null ? "The value is not valid." : "The request body is not valid JSON of the expected shape.";
    }

    /// <summary>System.Text.Json names .NET types and byte positions; a client needs only the JSON path.</summary>
    private static string Tidy(string message)
    {
        var cut = message.IndexOf(" | LineNumber", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.Replace("System.String", "a string", StringComparison.Ordinal)
            .Replace("System.Text.Json.JsonElement", "JSON", StringComparison.Ordinal);
    }
}

/// <summary>MVC's bare client errors (415, 404 from NotFound(), ...) through the error writer.</summary>
internal sealed class EnvelopeClientErrorFactory : IClientErrorFactory
{
    public IActionResult GetClientError(ActionContext actionContext, IClientErrorActionResult clientError) =>
        ErrorResponses.Result(StatusCodeErrors.Describe(clientError.StatusCode ?? StatusCodes.Status400BadRequest));
}

/// <summary>The error for a status that arrived without a body (unknown route, wrong method ...).</summary>
internal static class StatusCodeErrors
{
    public static ApiError Describe(int status)
    {
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound => (ErrorCodes.ResourceNotFound, "No such resource or route."),
            StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, "This route does not accept that HTTP method."),
            StatusCodes.Status413PayloadTooLarge => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => (ErrorCodes.UnsupportedMediaType, "Send the body as JSON with 'Content-Type: application/json'."),
            StatusCodes.Status400BadRequest => (ErrorCodes.ValidationError, "The request is not valid."),
            StatusCodes.Status401Unauthorized => (ErrorCodes.Unauthorized, "Credentials are missing or wrong."),
            StatusCodes.Status403Forbidden => (ErrorCodes.InsufficientScope, "These credentials do not allow this."),
            _ => (ErrorCodes.RequestFailed, "The request failed."),
        };
        return new ApiError(code, message) { Status = status };
    }
}
