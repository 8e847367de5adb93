namespace Faultline.Api.Errors;

/// <summary>The request body is larger than the endpoint accepts.</summary>
public sealed class PayloadTooLargeException(long limitBytes)
    : Exception($"The request body is larger than {limitBytes} bytes.")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The request body is compressed in a way Faultline does not read.</summary>
public sealed class UnsupportedContentEncodingException(string encoding)
    : Exception($"Content-Encoding '{encoding}' is not supported; send gzip or an uncompressed body.");
