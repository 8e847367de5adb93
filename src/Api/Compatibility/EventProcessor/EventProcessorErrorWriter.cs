using System.Globalization;
using System.Text.Json;
using Faultline.Api.Errors;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>
/// The Event Processor API's errors: <c>{"success": false, "error": {"code", "message", "details"}}</c>, camelCase
/// field names; a batch's failures name the events' positions in the message and in details.errors.
/// </summary>
public sealed class EventProcessorErrorWriter : SurfaceErrorWriter
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["Name"] = "eventType",
        ["Message"] = "eventType",
        ["OccurredAt"] = "timestamp",
        ["PayloadJson"] = "payload",
        ["MetadataJson"] = "metadata",
    };

    public override Task WriteAsync(HttpContext context, ApiError error)
    {
        var fieldErrors = FieldErrors(error);
        var message = Message(error, fieldErrors);
        var details = error.Details.Where(entry => entry.Key != "Errors")
            .ToDictionary(entry => FieldName(entry.Key), entry => entry.Value);
        if (fieldErrors.Count > 0)
        {
            details["errors"] = fieldErrors.Select(fieldError => new Dictionary<string, object?>
            {
                ["index"] = fieldError.Item,
                ["field"] = fieldError.Field,
                ["message"] = fieldError.Message,
            }).ToList();
            var first = fieldErrors[0];
            if (first.Item is { } index)
            {
                details["index"] = index;
                message = string.Create(CultureInfo.InvariantCulture, $"{message} First invalid event at index {index}: {first.Message}");
            }
        }

        return WriteJsonAsync(context, new Dictionary<string, object?>
        {
            ["success"] = false,
            ["error"] = new Dictionary<string, object?> { ["code"] = error.Code.Value, ["message"] = message, ["details"] = details },
        });
    }

    protected override string FieldName(string field) =>
        Names.TryGetValue(field, out var name) ? name : JsonNamingPolicy.CamelCase.ConvertName(field);
}
