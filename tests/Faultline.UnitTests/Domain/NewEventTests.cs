using Faultline.Api.Input;
using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.UnitTests.Domain;

public sealed class NewEventTests
{
    private static readonly DateTimeOffset When = new(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);

    private static EventDraft Draft(string? message) => new() { OccurredAt = When, Level = Level.Error, Message = message };

    [Test]
    public void Seed_000_events_need_occurred_at_and_level()
    {
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(new EventDraft { Level = Level.Error, Message = "m" }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(new EventDraft { OccurredAt = When, Message = "m" }));
    }

    [Test]
    public void An_event_with_a_kind_defaults_its_level_time_and_message()
    {
        var request = NewEvent.Create(new EventDraft { Kind = EventKind.Request, StatusCode = 503, Name = "GET /orders" });
        var view = NewEvent.Create(new EventDraft { Kind = EventKind.Interaction, Name = "page_view" });

        Assert.That(request.Level, Is.EqualTo(Level.Error));
        Assert.That(request.Message, Is.EqualTo("GET /orders"));
        Assert.That(request.OccurredAt, Is.Null);
        Assert.That(view.Level, Is.EqualTo(Level.Info));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(new EventDraft { Kind = EventKind.Custom }));
    }

    [TestCase(99)]
    [TestCase(600)]
    public void Status_codes_are_HTTP_statuses(int status)
    {
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(new EventDraft { Kind = EventKind.Request, Name = "x", StatusCode = status }));
    }

    [Test]
    public void Event_ids_are_1_to_128_characters()
    {
        Assert.DoesNotThrow(() => NewEvent.Create(Draft("m") with { EventId = new string('e', 128) }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(Draft("m") with { EventId = new string('e', 129) }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(Draft("m") with { EventId = string.Empty }));
    }

    [Test]
    public void Messages_are_counted_in_code_points()
    {
        Assert.That(NewEvent.TextLength("😀😀"), Is.EqualTo(2));
        Assert.DoesNotThrow(() => NewEvent.Create(Draft(string.Concat(Enumerable.Repeat("😀", 8192)))));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(Draft(new string('x', 8193))));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" \t\n")]
    public void A_blank_message_is_refused(string? message)
    {
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(Draft(message)));
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
