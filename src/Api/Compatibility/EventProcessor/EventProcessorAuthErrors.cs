using System.Text.Json;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>
/// The Event Processor API's errors on its sign-in routes: <c>{"success": false, "error": {"code", "message",
/// "details"}}</c>, camelCase; invalid input is 400 VALIDATION_ERROR, a missing or bad token 401 UNAUTHORIZED.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class EventProcessorAuthErrorsAttribute : Attribute, IErrorWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Task WriteAsync(HttpContext context, ApiError error)
    {
        var message = error.Message ?? error.Errors[0].Describe(Name(error.Errors[0].Field));
        var details = error.Errors.Count > 0
            ? error.Errors.Select(fieldError => new { field = Name(fieldError.Field), message = fieldError.Describe(Name(fieldError.Field)) }).ToList<object>()
            : (object?)error.Details;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(
            context.Response.Body, new { success = false, error = new { code = error.Code.Value, message, details } }, Json, context.RequestAborted);
    }

    private static string Name(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>The Event Processor API's success envelope.</summary>
public sealed record EventProcessorEnvelope<T>(bool Success, T Data)
{
    public static EventProcessorEnvelope<T> Of(T data) => new(true, data);
}
