using System.IO.Compression;
using Faultline.Api.Errors;

namespace Faultline.Api.Infrastructure;

/// <summary>
/// Enforces <see cref="RequestBodyLimitAttribute"/> whatever the server: a declared Content-Length over the
/// limit is refused before reading, and a body without one is cut off as soon as it passes the limit.
/// These endpoints also take <c>Content-Encoding: gzip</c>; the limit then applies to the inflated body,
/// so a gzip bomb is stopped after at most the limit has been inflated.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimitAttribute>()?.Bytes;
        if (limit is null)
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > limit)
        {
            throw new PayloadTooLargeException(limit.Value);
        }

        var body = context.Request.Body;
        var encoding = context.Request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
            context.Request.Headers.ContentEncoding = default;
            context.Request.ContentLength = null;
        }
        else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedContentEncodingException(encoding);
        }

        context.Request.Body = new LengthLimitedStream(body, limit.Value);
        await next(context);
    }
}

/// <summary>A read-only view of a stream that throws once more than the limit has been read.</summary>
internal sealed class LengthLimitedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new PayloadTooLargeException(limit) : read;
    }
}
