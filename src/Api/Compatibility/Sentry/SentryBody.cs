using System.IO.Compression;
using Faultline.Api.Errors;
using Faultline.Api.Infrastructure;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// A request body of Sentry's protocol, inflated as it is read. SDKs compress with gzip, deflate (zlib-wrapped,
/// as HTTP defines it) or br, and send chunked bodies without a length: both the bytes on the wire and
/// the inflated bytes are counted, so a body past either cap — a decompression bomb included — is cut off
/// (413) as soon as it passes it, never buffered whole.
/// </summary>
internal static class SentryBody
{
    public static Stream Open(HttpRequest request, long compressedLimit, long inflatedLimit)
    {
        if (request.ContentLength > compressedLimit)
        {
            throw new PayloadTooLargeException(compressedLimit);
        }

        Stream wire = new LengthLimitedStream(request.Body, compressedLimit);
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream inflated = encoding switch
        {
            "" or "identity" => wire,
            "gzip" or "x-gzip" => new GZipStream(wire, CompressionMode.Decompress),
            "deflate" => new ZLibStream(wire, CompressionMode.Decompress),
            "br" => new BrotliStream(wire, CompressionMode.Decompress),
            _ => throw new UnsupportedContentEncodingException(encoding),
        };
        return ReferenceEquals(inflated, wire) ? wire : new LengthLimitedStream(inflated, inflatedLimit);
    }
}
