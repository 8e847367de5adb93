using Faultline.Domain.Common;
using Faultline.Domain.Time;

namespace Faultline.UnitTests.Domain;

public sealed class LookBackTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    [TestCase("30m", 30)]
    [TestCase("2h", 120)]
    [TestCase("1d", 1440)]
    [TestCase("7D", 10080)]
    public void A_look_back_ends_now(string since, int minutes)
    {
        var window = LookBack.Resolve(since, null, null, Now, TimeSpan.FromHours(1));

        Assert.That(window.Until, Is.EqualTo(Now));
        Assert.That(window.Since, Is.EqualTo(Now.AddMinutes(-minutes)));
    }

    [Test]
    public void Start_and_end_make_a_fixed_window_and_end_defaults_to_now()
    {
        Assert.That(LookBack.Resolve(null, "2026-02-10T10:00:00Z", "2026-02-10T11:00:00Z", Now, TimeSpan.FromHours(1)).Until,
            Is.EqualTo(Now.AddHours(-1)));
        Assert.That(LookBack.Resolve(null, "2026-02-10T10:00:00Z", null, Now, TimeSpan.FromHours(1)).Until, Is.EqualTo(Now));
        Assert.That(LookBack.Resolve(null, null, null, Now, TimeSpan.FromHours(3)).Since, Is.EqualTo(Now.AddHours(-3)));
    }

    [TestCase("0m")]
    [TestCase("-5m")]
    [TestCase("5")]
    [TestCase("5w")]
    [TestCase("m")]
    [TestCase("1.5h")]
    public void Anything_else_is_a_validation_error(string since)
    {
        var error = Assert.Throws<DomainValidationException>(() => LookBack.Resolve(since, null, null, Now, TimeSpan.FromHours(1)));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ValidationError));
    }

    [Test]
    public void Windows_longer_than_31_days_or_inverted_are_invalid_time_ranges()
    {
        Assert.That(Assert.Throws<DomainValidationException>(() => LookBack.Resolve("32d", null, null, Now, TimeSpan.FromHours(1)))!.Code,
            Is.EqualTo(ErrorCodes.InvalidTimeRange));
        Assert.That(Assert.Throws<DomainValidationException>(() => LookBack.Resolve(null, "2026-02-10T11:00:00Z", "2026-02-10T10:00:00Z", Now, TimeSpan.FromHours(1)))!.Code,
            Is.EqualTo(ErrorCodes.InvalidTimeRange));
        Assert.That(Assert.Throws<DomainValidationException>(() => LookBack.Resolve("1h", "2026-02-10T10:00:00Z", null, Now, TimeSpan.FromHours(1)))!.Code,
            Is.EqualTo(ErrorCodes.ValidationError));
    }
}
