using System.Text.Json;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// Errors as Sentry's ingestion answers them: <c>{"detail": "a sentence", "code": "..."}</c>, with Faultline's <c>error</c> object beside them. The SDKs read
/// only the status and two headers: on a 429 they honour <c>X-Sentry-Rate-Limits</c> (written here from the
/// <c>Retry-After</c> the rate limiter set: every category, for this key) and otherwise <c>Retry-After</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class SentryErrorWriterAttribute : Attribute, IErrorWriter
{
    public const string RateLimitsHeader = "X-Sentry-Rate-Limits";

    public async Task WriteAsync(HttpContext context, ApiError error)
    {
        var response = context.Response;
        if (error.Code == ErrorCodes.RateLimitExceeded)
        {
            var wait = response.Headers.RetryAfter.ToString();
            response.Headers[RateLimitsHeader] = $"{(wait.Length > 0 ? wait : "60")}::key:rate_limited";
        }

        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        var message = error.Message ?? error.Errors.FirstOrDefault()?.Describe(JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Errors[0].Field)) ?? error.Code.Value;
        writer.WriteString("detail", message);
        writer.WriteString("code", error.Code.Value);

        // Faultline's own envelope beside Sentry's fields, as on every other product's surface.
        writer.WriteStartObject("error");
        writer.WriteString("code", error.Code.Value);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
