using System.Text.Json;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility;

/// <summary>
/// The common part of a compatibility surface's error writer: the surface's spelling of Faultline's field names,
/// and every field error of an <see cref="ApiError"/> as (position, field, message), binding failures included.
/// Put on a surface's controllers as an attribute, it becomes their endpoints' <see cref="IErrorWriter"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public abstract class SurfaceErrorWriter : Attribute, IErrorWriter
{
    protected static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public abstract Task WriteAsync(HttpContext context, ApiError error);

    /// <summary>The surface's name for one of Faultline's field names (e.g. OccurredAt).</summary>
    protected abstract string FieldName(string field);

    protected static Task WriteJsonAsync(HttpContext context, object body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    /// <summary>Every broken rule: the domain's field errors, or MVC's binding errors (keyed by JSON path).</summary>
    protected IReadOnlyList<SurfaceFieldError> FieldErrors(ApiError error)
    {
        var errors = error.Errors
            .Select(fieldError => new SurfaceFieldError(fieldError.Item, FieldName(fieldError.Field), fieldError.Describe(FieldName(fieldError.Field))))
            .ToList();
        if (error.Details.TryGetValue("Errors", out var binding) && binding is IReadOnlyDictionary<string, object?> byPath)
        {
            errors.AddRange(byPath.SelectMany(entry => ((string[])entry.Value!).Select(message => new SurfaceFieldError(null, entry.Key, message))));
        }

        return errors;
    }

    protected static string Message(ApiError error, IReadOnlyList<SurfaceFieldError> fieldErrors) =>
        error.Message ?? fieldErrors.FirstOrDefault()?.Message ?? "The request is not valid.";
}

/// <summary>One broken rule as a surface reports it: the event's position in a batch, the field's name there, a sentence.</summary>
public sealed record SurfaceFieldError(int? Item, string Field, string Message);
