using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.Extensions.Options;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace Faultline.Api.Input;

/// <summary>
/// The [FromBody] of the hot ingestion endpoints (<see cref="Types"/>): the body, a few hundred bytes, is read
/// whole into a pooled buffer and deserialized in one synchronous call with MVC's own JSON options, instead of
/// going through input-formatter selection and System.Text.Json's streaming reader (about 15 µs of CPU per
/// event, docs/decisions/0026). Failures are recorded exactly as MVC's System.Text.Json input formatter and
/// body binder record them (same keys, same messages), so the 400 envelope does not change. A body in another
/// charset than UTF-8 goes to MVC's binder, which transcodes it.
/// </summary>
internal sealed class WholeJsonBodyBinderProvider : IModelBinderProvider
{
    /// <summary>The request contracts read this way.</summary>
    public static readonly IReadOnlySet<Type> Types = new HashSet<Type>
    {
        typeof(Contracts.IngestEventRequest),
        typeof(Compatibility.FrontendMonitoring.FrontendEventRequest),
    };

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.BindingInfo.BindingSource?.CanAcceptDataFrom(BindingSource.Body) != true || !Types.Contains(context.Metadata.ModelType))
        {
            return null;
        }

        var services = context.Services;
        var mvc = services.GetRequiredService<IOptions<MvcOptions>>().Value;
        var fallback = new BodyModelBinder(
            mvc.InputFormatters, services.GetRequiredService<IHttpRequestStreamReaderFactory>(), services.GetRequiredService<ILoggerFactory>(), mvc);
        var json = services.GetRequiredService<IOptions<MvcJsonOptions>>().Value.JsonSerializerOptions;
        return new WholeJsonBodyBinder(json.GetTypeInfo(context.Metadata.ModelType), fallback);
    }
}

internal sealed class WholeJsonBodyBinder(JsonTypeInfo typeInfo, IModelBinder fallback) : IModelBinder
{
    /// <summary>Without a Content-Length (chunked or gzip), the first buffer's size; it doubles as needed, within the body limit.</summary>
    private const int InitialBuffer = 4096;

    /// <summary>A declared length up to this is rented at once; the body limit middleware has refused larger ones.</summary>
    private const int LargestRentedAtOnce = 1024 * 1024;

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var request = bindingContext.HttpContext.Request;
        if (!IsUtf8(request.ContentType))
        {
            await fallback.BindModelAsync(bindingContext);
            return;
        }

        var key = bindingContext.IsTopLevelObject ? bindingContext.BinderModelName ?? string.Empty : bindingContext.ModelName;
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and <= LargestRentedAtOnce ? (int)request.ContentLength.Value : InitialBuffer);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // The body limit middleware's stream throws past the endpoint's limit (413), as it does for MVC's formatter.
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), bindingContext.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length == request.ContentLength)
                {
                    break; // all of a declared body (a gzip body has none by now): no read just to learn it ended
                }
            }

            object? model = null;
            if (length > 0)
            {
                try
                {
                    model = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
                }
                catch (JsonException error)
                {
                    // As SystemTextJsonInputFormatter: keyed by the JSON path, its message passed on.
                    bindingContext.ModelState.TryAddModelError(error.Path ?? string.Empty, new InputFormatterException(error.Message, error), bindingContext.ModelMetadata);
                    return;
                }
            }

            if (model is null)
            {
                // As BodyModelBinder for an empty body or the JSON "null".
                bindingContext.ModelState.AddModelError(key, bindingContext.ModelMetadata.ModelBindingMessageProvider.MissingRequestBodyRequiredValueAccessor());
                return;
            }

            bindingContext.Result = ModelBindingResult.Success(model);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>application/json with no charset or UTF-8 (the [Consumes] filter has already refused other types).</summary>
    private static bool IsUtf8(string? contentType)
    {
        var charset = contentType is null ? -1 : contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (charset < 0)
        {
            return true;
        }

        var value = contentType.AsSpan(charset + "charset".Length).TrimStart().TrimStart('=').Trim().Trim('"');
        var end = value.IndexOf(';');
        value = (end >= 0 ? value[..end] : value).Trim().Trim('"');
        return value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || value.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
