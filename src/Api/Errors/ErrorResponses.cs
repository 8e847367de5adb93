using System.Text.Json;
using Faultline.Api.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Faultline.Api.Errors;

/// <summary>Writes the error envelope outside MVC (auth challenges, status-code pages, the exception handler).</summary>
public static class ErrorResponses
{
    /// <summary>How long a client should wait before retrying when the database is down.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    public static async Task WriteAsync(
        HttpContext context, int statusCode, string code, string message, IReadOnlyDictionary<string, object?>? details = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, ErrorEnvelope.Of(code, message, details), options, context.RequestAborted);
    }
}
