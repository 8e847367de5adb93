using Faultline.Application.Common;

namespace Faultline.IntegrationTests.Support;

/// <summary>The server's clock, which a test may pin so that received_at lands where the test wants it.</summary>
public sealed class TestClock : IClock
{
    private DateTimeOffset? _pinned;

    public DateTimeOffset UtcNow => _pinned ?? DateTimeOffset.UtcNow;

    public void Pin(DateTimeOffset instant) => _pinned = instant;

    public void Release() => _pinned = null;
}
