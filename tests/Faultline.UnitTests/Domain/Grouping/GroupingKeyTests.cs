using System.Text.Json;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;

namespace Faultline.UnitTests.Domain.Grouping;

public sealed class GroupingKeyTests
{
    private const string Stack = """
        {"frames": [
          {"function": "main", "module": "app.program", "lineno": 10, "in_app": true},
          {"function": "Checkout", "module": "app.orders", "lineno": 42, "in_app": true},
          {"function": "send", "module": "http.client", "lineno": 7, "in_app": false}
        ]}
        """;

    [Test]
    public void Keys_are_32_hex_characters_and_follow_the_template()
    {
        var a = GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 31 ms on order 8812");
        var b = GroupingKey.Of(EventKind.Error, "timeout", "Timeout after 45 ms on order 9001");
        var c = GroupingKey.Of(EventKind.Error, "Timeout", "Connection refused on order 8812");

        Assert.That(a, Does.Match("^[0-9a-f]{32}$"));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void A_client_fingerprint_groups_whatever_the_messages_say()
    {
        var a = GroupingKey.Of(EventKind.Error, "DbError", "deadlock on orders", ["database-unavailable"]);
        var b = GroupingKey.Of(EventKind.Error, "IOError", "socket closed", ["database-unavailable"]);
        var c = GroupingKey.Of(EventKind.Error, "DbError", "deadlock on orders", ["database-slow"]);

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        Assert.That(a, Is.Not.EqualTo(GroupingKey.Of(EventKind.Error, "DbError", "deadlock on orders")));
    }

    [Test]
    public void The_default_placeholder_in_a_client_fingerprint_splits_the_default_groups()
    {
        var tenantA = GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 31 ms", ["{{ default }}", "tenant-a"]);
        var tenantAAgain = GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 99 ms", ["{{ default }}", "tenant-a"]);
        var tenantB = GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 31 ms", ["{{ default }}", "tenant-b"]);

        Assert.That(tenantA, Is.EqualTo(tenantAAgain));
        Assert.That(tenantA, Is.Not.EqualTo(tenantB));
    }

    [Test]
    public void A_stack_groups_by_exception_type_and_in_app_frames_not_by_message_or_line()
    {
        var moved = Stack.Replace("\"lineno\": 42", "\"lineno\": 57", StringComparison.Ordinal);
        var otherLibrary = Stack.Replace("http.client", "http.pool", StringComparison.Ordinal);
        var otherFunction = Stack.Replace("Checkout", "Refund", StringComparison.Ordinal);

        var key = GroupingKey.Of(EventKind.Error, "KeyError", "'sku-1' not found", stackJson: Stack);

        Assert.That(GroupingKey.Of(EventKind.Error, "KeyError", "'sku-2' is missing from the basket", stackJson: moved), Is.EqualTo(key));
        Assert.That(GroupingKey.Of(EventKind.Error, "KeyError", "'sku-1' not found", stackJson: otherLibrary), Is.EqualTo(key));
        Assert.That(GroupingKey.Of(EventKind.Error, "KeyError", "'sku-1' not found", stackJson: otherFunction), Is.Not.EqualTo(key));
        Assert.That(GroupingKey.Of(EventKind.Error, "ValueError", "'sku-1' not found", stackJson: Stack), Is.Not.EqualTo(key));
    }

    [Test]
    public void The_innermost_in_app_frames_come_first()
    {
        Assert.That(GroupingKey.TopFrames(Stack), Is.EqualTo(new[] { "Checkout @ app.orders", "main @ app.program" }));
    }

    [Test]
    public void Frames_a_reader_already_parsed_group_as_their_text_does()
    {
        using var document = JsonDocument.Parse(Stack);
        var parsed = GroupingKey.TopFrames(document.RootElement.GetProperty("frames"));

        Assert.That(parsed, Is.EqualTo(GroupingKey.TopFrames(Stack)));
        Assert.That(GroupingKey.Of(EventKind.Error, "KeyError", "'sku-1' not found", stackJson: Stack, stackTopFrames: parsed),
            Is.EqualTo(GroupingKey.Of(EventKind.Error, "KeyError", "'sku-1' not found", stackJson: Stack)));
    }

    [TestCase("{\"frames\": []}")]
    [TestCase("{\"frames\": [{\"lineno\": 3}]}")]
    [TestCase("{\"other\": 1}")]
    public void A_stack_without_usable_frames_falls_back_to_the_message(string stack)
    {
        Assert.That(
            GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 31 ms", stackJson: stack),
            Is.EqualTo(GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 45 ms")));
    }

    [Test]
    public void A_new_event_takes_its_fingerprint_from_the_grouping_key()
    {
        var draft = new EventDraft { Kind = EventKind.Error, Name = "Timeout", Message = "Timeout after 31 ms", Fingerprint = ["checkout"] };

        Assert.That(NewEvent.Create(draft).Fingerprint, Is.EqualTo(GroupingKey.Of(EventKind.Error, "Timeout", "Timeout after 31 ms", ["checkout"])));
    }

    [Test]
    public void A_client_fingerprint_must_be_1_to_32_strings_of_1_to_256_characters()
    {
        var draft = new EventDraft { Kind = EventKind.Error, Message = "m" };

        Assert.DoesNotThrow(() => NewEvent.Create(draft with { Fingerprint = Enumerable.Repeat(new string('f', 256), 32).ToList() }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(draft with { Fingerprint = [] }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(draft with { Fingerprint = [""] }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(draft with { Fingerprint = [new string('f', 257)] }));
        Assert.Throws<DomainValidationException>(() => NewEvent.Create(draft with { Fingerprint = Enumerable.Repeat("f", 33).ToList() }));
    }
}
