using System.Diagnostics;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// Security headers on every response, and a request id on every response and log line: the client's
/// X-Request-Id when it sends a sensible one, otherwise the trace id.
/// </summary>
internal sealed class ResponseHeadersMiddleware(RequestDelegate next, ILogger<ResponseHeadersMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";
    private const int MaxRequestIdLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = ClientRequestId(context.Request) ?? Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[RequestIdHeader] = requestId;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
        {
            await next(context);
        }
    }

    // Only printable ASCII, so a hostile id cannot forge log lines or headers.
    private static string? ClientRequestId(HttpRequest request)
    {
        var value = request.Headers[RequestIdHeader].ToString();
        return value.Length is > 0 and <= MaxRequestIdLength && value.All(c => c is >= '!' and <= '~') ? value : null;
    }
}
