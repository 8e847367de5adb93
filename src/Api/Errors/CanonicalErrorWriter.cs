using System.Globalization;
using System.Text.Json;
using Faultline.Api.Contracts;
using Faultline.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Errors;

/// <summary>
/// The canonical API's errors: <c>{"error": {"code", "message", "details"}}</c> with snake_case names.
/// A field error becomes <c>details.field</c>; a batch's become <c>details.errors</c> keyed by the
/// position of each failing event.
/// </summary>
internal sealed class CanonicalErrorWriter(IOptions<JsonOptions> json) : IErrorWriter
{
    private readonly JsonSerializerOptions _options = json.Value.JsonSerializerOptions;

    public Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, Envelope(error), _options, context.RequestAborted);
    }

    private ErrorEnvelope Envelope(ApiError error)
    {
        var details = error.Details.ToDictionary(entry => Name(entry.Key), entry => entry.Value);
        if (error.Errors.Any(fieldError => fieldError.Item is not null))
        {
            details["errors"] = error.Errors
                .GroupBy(fieldError => fieldError.Item.GetValueOrDefault())
                .OrderBy(item => item.Key)
                .ToDictionary(item => item.Key.ToString(CultureInfo.InvariantCulture), item => (object?)Describe(error.Code, item.First()));
        }
        else if (error.Errors.Count > 0)
        {
            details["field"] = Name(error.Errors[0].Field);
        }

        var message = error.Message ?? error.Errors[0].Describe(Name(error.Errors[0].Field));
        return ErrorEnvelope.Of(error.Code.Value, message, details);
    }

    private Dictionary<string, object?> Describe(ErrorCode code, FieldError fieldError)
    {
        var field = Name(fieldError.Field);
        return new Dictionary<string, object?> { ["code"] = code.Value, ["message"] = fieldError.Describe(field), ["field"] = field };
    }

    private string Name(string name) => _options.PropertyNamingPolicy?.ConvertName(name) ?? name;
}
