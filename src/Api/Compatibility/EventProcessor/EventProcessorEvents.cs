using System.Globalization;
using System.Text.RegularExpressions;
using Faultline.Api.Input;
using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>
/// A producer's event onto Faultline's: a custom event named by its eventType, with its user, session, time,
/// metadata, payload, priority and idempotency key. The surface's own rules (required fields, the eventType
/// pattern, 128-character ids) are checked here, Faultline's by <see cref="EventInputReader"/>.
/// </summary>
public static partial class EventProcessorEvents
{
    public const int MaxEventTypeLength = 100;
    public const int MaxIdLength = 128;

    /// <summary>The event id answered for an event sent without one: the id Faultline stored it under.</summary>
    public static string GeneratedEventId(long id) => string.Create(CultureInfo.InvariantCulture, $"fl-{id}");

    public static NewEvent Read(EventProcessorEventRequest body)
    {
        if (string.IsNullOrEmpty(body.EventType) || body.EventType.Length > MaxEventTypeLength || !EventTypePattern().IsMatch(body.EventType))
        {
            throw DomainValidationException.ForField("EventType",
                $"{FieldError.FieldToken} is required: a letter, then letters, digits, '_', '.' or '-', at most {MaxEventTypeLength} characters.");
        }

        RequireId(body.UserId, "UserId");
        RequireId(body.SessionId, "SessionId");
        if (string.IsNullOrWhiteSpace(body.Timestamp))
        {
            throw DomainValidationException.ForField("Timestamp", $"{FieldError.FieldToken} is required (RFC 3339).");
        }

        return EventInputReader.Read(new EventInput
        {
            Kind = EventKind.Custom.Name(),
            Name = body.EventType,
            UserId = body.UserId,
            SessionId = body.SessionId,
            OccurredAt = body.Timestamp,
            Metadata = body.Metadata,
            Payload = body.Payload,
            Priority = body.Priority,
            EventId = body.EventId,
        });
    }

    private static void RequireId(string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength)
        {
            throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} is required, 1 to {MaxIdLength} characters.");
        }
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();
}
