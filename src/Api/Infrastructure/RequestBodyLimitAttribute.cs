namespace Faultline.Api.Infrastructure;

/// <summary>The largest request body an endpoint accepts; larger bodies get 413 PAYLOAD_TOO_LARGE.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RequestBodyLimitAttribute(long bytes) : Attribute
{
    public const long OneMebibyte = 1024 * 1024;

    public long Bytes { get; } = bytes;
}
