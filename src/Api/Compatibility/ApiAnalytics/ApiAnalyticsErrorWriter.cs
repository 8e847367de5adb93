using System.Text.Json;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility.ApiAnalytics;

/// <summary>
/// The API Analytics API's errors: <c>{"error": "a sentence", "details": ..., "code"}</c>. Invalid input is
/// 422 with <c>details: [{field, message}]</c>; an email already registered is 400, as its clients expect.
/// Put on the surface's controllers, so every error on their endpoints (authentication included) is worded so.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ApiAnalyticsErrorsAttribute : Attribute, IErrorWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Task WriteAsync(HttpContext context, ApiError error)
    {
        var fields = FieldErrors(error);
        object? details = error.Details.Count == 0 ? null : error.Details.ToDictionary(entry => Name(entry.Key), entry => entry.Value);
        var message = error.Message ?? error.Errors[0].Describe(Name(error.Errors[0].Field));
        if (fields is not null)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            details = fields;
        }
        else if (error.Code == ErrorCodes.EmailTaken)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new Envelope(message, details, error.Code.Value), Json, context.RequestAborted);
    }

    /// <summary>The broken rules as [{field, message}], or null when the error is not about the input's fields.</summary>
    private static List<FieldProblem>? FieldErrors(ApiError error)
    {
        if (error.Errors.Count > 0)
        {
            return [.. error.Errors.Select(fieldError => new FieldProblem(Name(fieldError.Field), fieldError.Describe(Name(fieldError.Field))))];
        }

        // Binding failures (malformed JSON, wrong types) arrive as JSON paths with their messages.
        if (error.Details.TryGetValue("Errors", out var value) && value is IDictionary<string, object?> byPath)
        {
            return [.. byPath.SelectMany(entry => ((IEnumerable<string>?)entry.Value ?? []).Select(message => new FieldProblem(entry.Key, message)))];
        }

        return error.Code == ErrorCodes.ValidationError || error.Code == ErrorCodes.InvalidTimeRange
            ? [new FieldProblem("body", error.Message ?? "The request is not valid.")]
            : null;
    }

    private static string Name(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private sealed record Envelope(string Error, object? Details, string Code);

    private sealed record FieldProblem(string Field, string Message);
}
