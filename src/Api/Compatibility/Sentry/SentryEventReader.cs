using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Faultline.Api.Input;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// One event of Sentry's protocol as a Faultline event. SDKs differ and drift, so the reader is lenient as
/// Sentry's own ingestion is: a field of the wrong type is left out of its column (it stays in the payload),
/// and texts longer than a column takes are cut to fit rather than refusing an event an SDK cannot fix.
/// Tags beyond <see cref="NewEvent.MaxTags"/> (or with longer keys) are kept in the payload as
/// <c>tags_over_cap</c>; values are cut to <see cref="NewEvent.MaxTagValueLength"/> characters.
/// The JSON kept (stack, payload) is copied from the event's own text, not written anew and parsed again: that
/// was half of what reading an envelope cost (docs/decisions/0031). As <see cref="EventInputReader"/> does for
/// every surface, every NUL is replaced with U+FFFD, which PostgreSQL's text and JSONB cannot hold.
/// </summary>
internal static class SentryEventReader
{
    /// <summary>Sentry's own title for an event that has neither a message nor an exception.</summary>
    public const string UnlabeledEvent = "<unlabeled event>";

    /// <summary>Fields that have a column of their own and so are not repeated in the payload.</summary>
    private static readonly HashSet<string> InColumns = ["event_id", "timestamp", "level", "release", "environment", "tags"];

    public static (EventDraft Draft, string EventId) Read(JsonElement sentryEvent, string? envelopeEventId)
    {
        if (sentryEvent.ValueKind != JsonValueKind.Object)
        {
            throw DomainValidationException.ForField("Event", "An event must be a JSON object.");
        }

        var eventId = EventId(Text(sentryEvent, "event_id")) ?? EventId(envelopeEventId) ?? Guid.NewGuid().ToString("N");
        var exception = Outermost(sentryEvent);
        var type = exception is { } value ? Text(value, "type") : null;
        var messageText = MessageText(sentryEvent);
        string message;
        EventKind kind;
        if (!string.IsNullOrWhiteSpace(type))
        {
            var exceptionValue = Text(exception!.Value, "value");
            (kind, message) = (EventKind.Error, string.IsNullOrWhiteSpace(exceptionValue) ? type : $"{type}: {exceptionValue}");
        }
        else if (!string.IsNullOrWhiteSpace(messageText))
        {
            // captureMessage: since SDK 11 it carries a stack in an exception without a type.
            (kind, message) = (EventKind.Log, messageText);
        }
        else
        {
            var exceptionValue = exception is { } untyped ? Text(untyped, "value") : null;
            (kind, message) = (EventKind.Error, string.IsNullOrWhiteSpace(exceptionValue) ? UnlabeledEvent : exceptionValue);
        }

        var tags = Tags(sentryEvent, out var overCap);
        var frames = Frames(sentryEvent, exception);
        var draft = new EventDraft
        {
            Kind = kind,
            Level = LevelOf(Text(sentryEvent, "level")),
            Name = Clean(Cut(type, NewEvent.MaxNameLength)),
            Message = Clean(Cut(message, NewEvent.MaxMessageLength)),
            EventId = eventId,
            OccurredAt = OccurredAt(sentryEvent),
            UserId = Clean(Cut(UserId(sentryEvent), NewEvent.MaxFieldLength)),
            Release = Clean(Cut(Text(sentryEvent, "release"), NewEvent.MaxFieldLength)),
            Environment = Clean(Cut(Text(sentryEvent, "environment"), NewEvent.MaxFieldLength)),
            PageUrl = Clean(Cut(Object(sentryEvent, "request") is { } request ? Text(request, "url") : null, NewEvent.MaxUrlLength)),
            UserAgent = Clean(Cut(UserAgent(sentryEvent), NewEvent.MaxUrlLength)),
            StackJson = frames is { } kept ? $"{{\"frames\":{EventInputReader.SanitizedJson(kept)}}}" : null,
            // Grouping reads the frames from this document rather than parse the stack's text again, unless they hold
            // a NUL, which the stored text has replaced and grouping must see as stored.
            StackTopFrames = frames is { } parsed && JsonMarshal.GetRawUtf8Value(parsed).IndexOf("\\u0000"u8) < 0 ? GroupingKey.TopFrames(parsed) : null,
            Tags = tags.Count > 0 ? tags : null,
            PayloadJson = Payload(sentryEvent, overCap, frames),
            Fingerprint = Fingerprint(sentryEvent),
        };
        return (draft, eventId);
    }

    private static string? Clean(string? text) => text is null ? null : EventInputReader.ReplaceNul(text);

    /// <summary>
    /// The SDK's <c>fingerprint</c> decides the group when it has a shape Faultline accepts (1 to 32 non-empty
    /// strings of at most 256 characters); any other shape is ignored rather than refused, as for every field
    /// here, and the array stays in the payload.
    /// </summary>
    private static List<string>? Fingerprint(JsonElement sentryEvent)
    {
        if (!sentryEvent.TryGetProperty("fingerprint", out var fingerprint)
            || fingerprint.ValueKind != JsonValueKind.Array
            || fingerprint.GetArrayLength() is 0 or > GroupingKey.MaxFingerprintParts)
        {
            return null;
        }

        var usable = fingerprint.EnumerateArray().All(part =>
            part.ValueKind == JsonValueKind.String && part.GetString() is { Length: > 0 and <= GroupingKey.MaxFingerprintPartLength });
        return usable ? fingerprint.EnumerateArray().Select(part => EventInputReader.ReplaceNul(part.GetString()!)).ToList() : null;
    }

    /// <summary>32 lower-case hex digits, as Sentry answers them; an id of any other shape is not an id.</summary>
    public static string? EventId(string? text) => Guid.TryParse(text, out var id) ? id.ToString("N") : null;

    private static Level? LevelOf(string? level) =>
        level?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "log" => Level.Info,
            var other => Levels.TryParse(other, out var parsed) ? parsed : null,
        };

    /// <summary>The last of exception.values is the outermost exception (the one thrown last).</summary>
    private static JsonElement? Outermost(JsonElement sentryEvent)
    {
        if (!sentryEvent.TryGetProperty("exception", out var exception))
        {
            return null;
        }

        // Sentry's older SDKs sent the list itself rather than {"values": [...]}.
        var values = exception.ValueKind == JsonValueKind.Object && exception.TryGetProperty("values", out var inner) ? inner : exception;
        if (values.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        JsonElement? last = null;
        foreach (var value in values.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                last = value;
            }
        }

        return last;
    }

    /// <summary>logentry.formatted, else logentry.message, else message (a string, or an object like logentry).</summary>
    private static string? MessageText(JsonElement sentryEvent)
    {
        foreach (var field in (ReadOnlySpan<string>)["logentry", "message"])
        {
            if (!sentryEvent.TryGetProperty(field, out var entry))
            {
                continue;
            }

            var text = entry.ValueKind == JsonValueKind.String
                ? entry.GetString()
                : entry.ValueKind == JsonValueKind.Object ? Text(entry, "formatted") ?? Text(entry, "message") : null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                return text;
            }
        }

        return null;
    }

    private static string? UserId(JsonElement sentryEvent)
    {
        if (Object(sentryEvent, "user") is not { } user)
        {
            return null;
        }

        return Text(user, "id") ?? Text(user, "email") ?? Text(user, "username");
    }

    /// <summary>The User-Agent of the request the event describes: headers as an object or as a list of pairs.</summary>
    private static string? UserAgent(JsonElement sentryEvent)
    {
        if (Object(sentryEvent, "request") is not { } request || !request.TryGetProperty("headers", out var headers))
        {
            return null;
        }

        foreach (var (name, value) in Pairs(headers))
        {
            if (name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    /// <summary>The frames of the outermost exception, else of the event's own stacktrace, else of the crashed (or first) thread.</summary>
    private static JsonElement? Frames(JsonElement sentryEvent, JsonElement? exception)
    {
        if (exception is { } value && FramesOf(value) is { } thrown)
        {
            return thrown;
        }

        if (FramesOf(sentryEvent) is { } own)
        {
            return own;
        }


        if (Object(sentryEvent, "threads") is { } threads && threads.TryGetProperty("values", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            JsonElement? first = null;
            foreach (var thread in list.EnumerateArray().Where(thread => thread.ValueKind == JsonValueKind.Object))
            {
                if (FramesOf(thread) is { } frames)
                {
                    if (thread.TryGetProperty("crashed", out var crashed) && crashed.ValueKind == JsonValueKind.True)
                    {
                        return frames;
                    }

                    first ??= frames;
                }
            }

            return first;
        }

        return null;
    }

    private static JsonElement? FramesOf(JsonElement holder) =>
        Object(holder, "stacktrace") is { } stacktrace && stacktrace.TryGetProperty("frames", out var frames) && frames.ValueKind == JsonValueKind.Array
            ? frames
            : null;

    private static DateTimeOffset? OccurredAt(JsonElement sentryEvent)
    {
        if (!sentryEvent.TryGetProperty("timestamp", out var timestamp))
        {
            return null;
        }

        // Seconds since the epoch (with a fraction), or an RFC 3339 text; anything else: the receipt time.
        if (timestamp.ValueKind == JsonValueKind.Number && timestamp.TryGetDouble(out var seconds) && seconds is >= 0 and < 253_402_300_800)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        return timestamp.ValueKind == JsonValueKind.String && Faultline.Domain.Time.Timestamp.TryParse(timestamp.GetString(), out var instant)
            ? instant
            : null;
    }

    /// <summary>Tags as an object or a list of pairs; strings, numbers and booleans as their text, the first <see cref="NewEvent.MaxTags"/> kept.</summary>
    private static Dictionary<string, string> Tags(JsonElement sentryEvent, out List<KeyValuePair<string, JsonElement>> overCap)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        overCap = [];
        if (!sentryEvent.TryGetProperty("tags", out var all))
        {
            return tags;
        }

        foreach (var (key, value) in Pairs(all))
        {
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            };
            var cleanKey = EventInputReader.ReplaceNul(key);
            if (text is null || key.Length == 0 || NewEvent.TextLength(key) > NewEvent.MaxTagKeyLength || tags.Count == NewEvent.MaxTags || tags.ContainsKey(cleanKey))
            {
                overCap.Add(new(key, value));
                continue;
            }

            tags[cleanKey] = EventInputReader.ReplaceNul(Cut(text, NewEvent.MaxTagValueLength)!);
        }

        return tags;
    }

    private static IEnumerable<(string Name, JsonElement Value)> Pairs(JsonElement pairs)
    {
        if (pairs.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in pairs.EnumerateObject())
            {
                yield return (property.Name, property.Value);
            }
        }
        else if (pairs.ValueKind == JsonValueKind.Array)
        {
            foreach (var pair in pairs.EnumerateArray())
            {
                if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[0].ValueKind == JsonValueKind.String)
                {
                    yield return (pair[0].GetString()!, pair[1]);
                }
            }
        }
    }

    /// <summary>
    /// Everything the SDK sent that has no column (contexts, breadcrumbs, extra, sdk, request, fingerprint, ...):
    /// each value copied as it came, then cleaned of NULs only when the text holds one. The frames kept as the
    /// event's stack are not repeated: they are most of an error event's size, and PostgreSQL would parse and
    /// store them twice (docs/decisions/0033). Their stacktrace keeps its other fields (registers, frames_omitted).
    /// </summary>
    private static string Payload(JsonElement sentryEvent, List<KeyValuePair<string, JsonElement>> overCap, JsonElement? stackFrames)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in sentryEvent.EnumerateObject())
            {
                if (InColumns.Contains(property.Name))
                {
                    continue;
                }

                WriteWithout(writer, property, stackFrames);
            }

            if (overCap.Count > 0)
            {
                writer.WriteStartObject("tags_over_cap");
                foreach (var (key, value) in overCap)
                {
                    writer.WritePropertyName(key);
                    Raw(writer, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        if (buffer.WrittenSpan.IndexOf("\\u0000"u8) < 0)
        {
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        using var written = JsonDocument.Parse(buffer.WrittenMemory);
        return EventInputReader.SanitizedJson(written.RootElement);
    }

    /// <summary>
    /// A property as it came, less the frames array <paramref name="left"/> wherever it lies inside (it is found
    /// by where its text is, so only that very array goes, whatever duplicate keys an SDK sent); an object that
    /// held nothing else goes with it. A value that does not hold it is copied whole.
    /// </summary>
    private static void WriteWithout(Utf8JsonWriter writer, JsonProperty property, JsonElement? left)
    {
        if (left is not { } frames || !Holds(property.Value, frames))
        {
            writer.WritePropertyName(property.Name);
            Raw(writer, property.Value);
            return;
        }

        if (Same(property.Value, frames) || (property.Value.ValueKind == JsonValueKind.Object && OnlyHolds(property.Value, frames)))
        {
            return;
        }

        writer.WritePropertyName(property.Name);
        WriteWithout(writer, property.Value, frames);
    }

    private static void WriteWithout(Utf8JsonWriter writer, JsonElement value, JsonElement frames)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var property in value.EnumerateObject())
            {
                WriteWithout(writer, property, frames);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartArray();
            foreach (var item in value.EnumerateArray())
            {
                if (Holds(item, frames))
                {
                    WriteWithout(writer, item, frames);
                }
                else
                {
                    Raw(writer, item);
                }
            }

            writer.WriteEndArray();
        }
    }

    private static bool OnlyHolds(JsonElement holder, JsonElement frames)
    {
        var properties = holder.EnumerateObject();
        return properties.MoveNext() && Same(properties.Current.Value, frames) && !properties.MoveNext();
    }

    /// <summary>Whether <paramref name="value"/>'s text contains <paramref name="inner"/>'s (both of one document).</summary>
    private static bool Holds(JsonElement value, JsonElement inner)
    {
        var outer = JsonMarshal.GetRawUtf8Value(value);
        var held = JsonMarshal.GetRawUtf8Value(inner);
        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(outer), ref MemoryMarshal.GetReference(held));
        return offset >= 0 && offset + held.Length <= outer.Length;
    }

    private static bool Same(JsonElement value, JsonElement other) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(value)), ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(other)));

    private static void Raw(Utf8JsonWriter writer, JsonElement value) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);

    private static JsonElement? Object(JsonElement holder, string name) =>
        holder.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>A string field, or a number's text (user ids are often numbers); null for any other type.</summary>
    private static string? Text(JsonElement holder, string name)
    {
        if (!holder.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>At most <paramref name="max"/> characters (code points, as the rules count them), never splitting a surrogate pair.</summary>
    private static string? Cut(string? text, int max)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        if (NewEvent.TextLength(text) <= max)
        {
            return text;
        }

        var end = 0;
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == max)
            {
                break;
            }

            end += rune.Utf16SequenceLength;
        }

        return text[..end];
    }
}
