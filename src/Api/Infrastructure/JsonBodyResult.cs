using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// A small JSON answer of the hot ingestion endpoints, written as MVC's JSON output formatter would write it
/// (MVC's JSON options, application/json; charset=utf-8) but in one buffer with its Content-Length, without
/// an ObjectResult's formatter selection and streaming serializer (docs/decisions/0026). Only for endpoints
/// that answer JSON whatever the Accept header, as [Produces("application/json")] makes them.
/// </summary>
internal sealed class JsonBodyResult<T>(int status, T value) : ActionResult
{
    private const string ContentType = "application/json; charset=utf-8";

    public override Task ExecuteResultAsync(ActionContext context)
    {
        var json = context.HttpContext.RequestServices.GetRequiredService<IOptions<MvcJsonOptions>>().Value.JsonSerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, json.GetTypeInfo(typeof(T)));
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }
}
