using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// A query parameter given twice (limit=1&amp;limit=2) is ambiguous; rather than silently take one,
/// Faultline refuses the request.
/// </summary>
internal sealed class RepeatedQueryParameterMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var repeated = context.Request.Query.FirstOrDefault(parameter => parameter.Value.Count > 1).Key;
        if (repeated is not null)
        {
            await ErrorResponses.WriteAsync(context, ErrorCodes.ValidationError,
                $"The query parameter '{repeated}' is given more than once.",
                new Dictionary<string, object?> { ["Field"] = repeated });
            return;
        }

        await next(context);
    }
}
