using Faultline.Domain.Apps;
using Faultline.Domain.Common;

namespace Faultline.UnitTests.Domain;

public sealed class AppNameTests
{
    [TestCase("a")]
    [TestCase("my-app")]
    [TestCase("web.shop_v2")]
    [TestCase("UPPER.lower-123")]
    public void Letters_digits_dots_underscores_and_dashes_make_a_name(string name)
    {
        Assert.That(AppName.Create(name).Value, Is.EqualTo(name));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("has space")]
    [TestCase("slash/name")]
    [TestCase("émoji")]
    [TestCase("semi;colon")]
    public void Anything_else_is_refused(string? name)
    {
        Assert.Throws<DomainValidationException>(() => AppName.Create(name));
    }

    [Test]
    public void A_name_is_at_most_100_characters()
    {
        Assert.That(AppName.Create(new string('x', 100)).Value, Has.Length.EqualTo(100));
        Assert.Throws<DomainValidationException>(() => AppName.Create(new string('x', 101)));
    }

    [TestCase("Web App")]
    [TestCase("Boutique été")]
    [TestCase("  padded  ")]
    public void A_title_from_a_body_may_hold_spaces_and_any_letters(string name)
    {
        Assert.That(AppName.CreateTitle(name).Value, Is.EqualTo(name.Trim()));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("tab\there")]
    public void A_blank_title_or_one_with_control_characters_is_refused(string? name)
    {
        Assert.Throws<DomainValidationException>(() => AppName.CreateTitle(name));
    }

    [Test]
    public void A_title_is_at_most_100_characters()
    {
        Assert.Throws<DomainValidationException>(() => AppName.CreateTitle(new string('x', 101)));
    }
}
