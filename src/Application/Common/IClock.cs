namespace Faultline.Application.Common;

/// <summary>The current time, so that default windows can be tested.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}

internal sealed class SystemClock : IClock
{
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
