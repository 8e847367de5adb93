using System.Text.Json;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility.FrontendMonitoring;

/// <summary>
/// The Frontend Monitoring API's errors, as FastAPI words them, with Faultline's code beside: a broken rule is
/// 422 <c>{"detail": [{"loc", "msg", "type"}], "error": {"code", "message"}}</c>; any other failure keeps its
/// status with <c>{"detail": "a sentence", "error": {...}}</c>.
/// </summary>
public sealed class FrontendMonitoringErrorWriter : SurfaceErrorWriter
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["Kind"] = "event_type",
        ["Q"] = "search",
        ["Limit"] = "page_size",
        ["Offset"] = "page",
        ["PayloadJson"] = "payload",
    };

    public override Task WriteAsync(HttpContext context, ApiError error)
    {
        var fieldErrors = FieldErrors(error);
        var message = Message(error, fieldErrors);
        var faultline = new Dictionary<string, object?> { ["code"] = error.Code.Value, ["message"] = message };
        if (error.Code == ErrorCodes.ValidationError && fieldErrors.Count > 0)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var where = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method) ? "query" : "body";
            var detail = fieldErrors.Select(fieldError => new Dictionary<string, object?>
            {
                ["loc"] = Location(where, fieldError),
                ["msg"] = fieldError.Message,
                ["type"] = "value_error",
            }).ToList();
            return WriteJsonAsync(context, new Dictionary<string, object?> { ["detail"] = detail, ["error"] = faultline });
        }

        return WriteJsonAsync(context, new Dictionary<string, object?> { ["detail"] = message, ["error"] = faultline });
    }

    protected override string FieldName(string field) =>
        Names.TryGetValue(field, out var name) ? name : JsonNamingPolicy.SnakeCaseLower.ConvertName(field);

    private static List<object> Location(string where, SurfaceFieldError fieldError)
    {
        var location = new List<object> { where };
        if (fieldError.Item is { } item)
        {
            location.Add(item);
        }

        location.AddRange(fieldError.Field.Split('.', StringSplitOptions.RemoveEmptyEntries));
        return location;
    }
}
