using Faultline.Application.Events;
using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.UnitTests.Domain;

public sealed class NewEventTests
{
    private static readonly DateTimeOffset When = new(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Messages_are_counted_in_code_points()
    {
        Assert.That(NewEvent.TextLength("😀😀"), Is.EqualTo(2));
        Assert.DoesNotThrow(() => NewEvent.Create(When, Level.Error, string.Concat(Enumerable.Repeat("😀", 8192)), null, null));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(When, Level.Error, new string('x', 8193), null, null));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" \t\n")]
    public void A_blank_message_is_refused(string? message)
    {
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(When, Level.Error, message, null, null));
    }

    [Test]
    public void NUL_is_replaced_in_nested_JSON_strings_and_keys()
    {
        using var document = System.Text.Json.JsonDocument.Parse("{\"a\\u0000\": [\"b\\u0000\", 1, {\"c\": \"\\u0000\"}]}");
        var sanitized = EventInputReader.SanitizedJson(document.RootElement);
        Assert.That(sanitized, Does.Not.Contain("\\u0000"));
        Assert.That(sanitized, Does.Contain("\uFFFD").Or.Contain("\\uFFFD"));
    }
}
