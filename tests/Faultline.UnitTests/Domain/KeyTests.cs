using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using Faultline.Domain.Keys;

namespace Faultline.UnitTests.Domain;

public sealed class KeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_key_name_is_trimmed_and_at_most_100_characters()
    {
        Assert.That(KeyName.Create("  deploy ").Value, Is.EqualTo("deploy"));
        Assert.That(KeyName.Create(new string('k', 100)).Value, Has.Length.EqualTo(100));
        Assert.Throws<DomainValidationException>(() => KeyName.Create(new string('k', 101)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("nul\0")]
    public void A_blank_or_NUL_key_name_is_refused_naming_the_field(string? name)
    {
        var error = Assert.Throws<DomainValidationException>(() => KeyName.Create(name));
        Assert.That(error!.Errors.Single().Field, Is.EqualTo("Name"));
    }

    [Test]
    public void An_expiry_is_optional_and_must_lie_in_the_future()
    {
        Assert.That(KeyLifetime.ParseExpiry(null, Now), Is.Null);
        Assert.That(KeyLifetime.ParseExpiry("2026-02-10T12:00:01Z", Now), Is.EqualTo(Now.AddSeconds(1)));
        var past = Assert.Throws<DomainValidationException>(() => KeyLifetime.ParseExpiry("2026-02-10T12:00:00Z", Now));
        Assert.That(past!.Errors.Single().Field, Is.EqualTo("ExpiresAt"));
    }

    [Test]
    public void A_rotation_grace_is_0_to_30_days_and_defaults_to_none()
    {
        Assert.That(KeyLifetime.Grace(null), Is.EqualTo(TimeSpan.Zero));
        Assert.That(KeyLifetime.Grace(KeyLifetime.MaxGraceSeconds), Is.EqualTo(TimeSpan.FromDays(30)));
        Assert.Throws<DomainValidationException>(() => KeyLifetime.Grace(-1));
        Assert.Throws<DomainValidationException>(() => KeyLifetime.Grace(KeyLifetime.MaxGraceSeconds + 1));
    }

    [Test]
    public void Retention_is_1_to_3650_days_or_none()
    {
        Assert.That(RetentionDays.CreateOptional(null), Is.Null);
        Assert.That(RetentionDays.CreateOptional(1)!.Value, Is.EqualTo(1));
        Assert.That(RetentionDays.CreateOptional(3650)!.Value, Is.EqualTo(3650));
        Assert.Throws<DomainValidationException>(() => RetentionDays.CreateOptional(0));
        Assert.Throws<DomainValidationException>(() => RetentionDays.CreateOptional(3651));
    }

    [Test]
    public void A_field_error_is_worded_with_the_name_a_surface_gives_the_field()
    {
        var error = Assert.Throws<DomainValidationException>(() => RetentionDays.CreateOptional(0))!.Errors.Single();

        Assert.That(error.Field, Is.EqualTo("RetentionDays"));
        Assert.That(error.Describe("retentionDays"), Does.StartWith("'retentionDays' must be 1 to 3650"));
    }
}
