namespace Faultline.Api.Errors;

/// <summary>The request body is larger than the endpoint accepts.</summary>
public sealed class PayloadTooLargeException(long limitBytes)
    : Exception($"The request body is larger than {limitBytes} bytes.")
{
    public long LimitBytes { get; } = limitBytes;
}
