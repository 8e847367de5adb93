using System.Text;
using System.Text.Json;
using Faultline.Application.Events.Commands.IngestBatch;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;
using Faultline.Domain.Time;

namespace Faultline.Api.Input;

/// <summary>
/// Turns raw JSON input into a validated <see cref="NewEvent"/>, for every surface that takes events: the
/// JSON's shape is checked here and the rules by <see cref="NewEvent.Create"/>. PostgreSQL cannot store
/// U+0000 in text or JSONB, so every NUL in any string (keys included) is replaced with U+FFFD here, once.
/// </summary>
public static class EventInputReader
{
    private const char Nul = '\0';
    private const char ReplacementCharacter = '\uFFFD';

    public static NewEvent Read(EventInput input) => NewEvent.Create(new EventDraft
    {
        Kind = EventKinds.ParseOptional(input.Kind),
        Level = input.Level is null ? null : Levels.Parse(input.Level),
        Name = Text(input.Name),
        Message = Text(input.Message),
        EventId = Text(input.EventId),
        OccurredAt = input.OccurredAt is null ? null : Timestamp.Parse(input.OccurredAt, nameof(EventDraft.OccurredAt)),
        UserId = Text(input.UserId),
        SessionId = Text(input.SessionId),
        Release = Text(input.Release),
        Environment = Text(input.Environment),
        PageUrl = Text(input.PageUrl),
        UserAgent = Text(input.UserAgent),
        HttpMethod = Text(input.HttpMethod)?.ToUpperInvariant(),
        HttpPath = Text(input.HttpPath),
        StatusCode = input.StatusCode,
        DurationMs = input.DurationMs,
        StackJson = ReadObject(input.Stack, nameof(EventInput.Stack)),
        Tags = ReadTags(input.Tags),
        Fingerprint = ReadFingerprint(input.Fingerprint),
        PayloadJson = ReadObject(input.Payload, nameof(EventInput.Payload)),
        MetadataJson = ReadObject(input.Metadata, nameof(EventInput.Metadata)),
        Priority = input.Priority,
    });

    /// <summary>
    /// Reads a batch of 1 to <see cref="IngestBatchCommand.MaxEvents"/> events; an invalid event rejects the
    /// whole batch, and its errors are marked with the failing events' positions.
    /// </summary>
    public static IReadOnlyList<NewEvent> ReadAll(IReadOnlyList<EventInput?>? inputs) => ReadAll(inputs, Read);

    /// <summary>The same for a surface's own event contract, read by <paramref name="read"/>.</summary>
    public static IReadOnlyList<NewEvent> ReadAll<T>(IReadOnlyList<T?>? inputs, Func<T, NewEvent> read)
        where T : class
    {
        if (inputs is not { Count: > 0 and <= IngestBatchCommand.MaxEvents })
        {
            throw DomainValidationException.ForField("Events", $"{FieldError.FieldToken} must be an array of 1 to {IngestBatchCommand.MaxEvents} events.");
        }

        var events = new List<NewEvent>(inputs.Count);
        var errors = new List<FieldError>();
        var failed = 0;
        for (var index = 0; index < inputs.Count; index++)
        {
            try
            {
                var input = inputs[index] ?? throw DomainValidationException.ForField("Event", "Each event must be a JSON object.");
                events.Add(read(input));
            }
            catch (DomainValidationException error)
            {
                failed++;
                errors.AddRange(error.Errors.Select(fieldError => fieldError with { Item = index }));
            }
        }

        if (failed > 0)
        {
            throw new DomainValidationException(
                ErrorCodes.ValidationError, $"{failed} of {inputs.Count} events are not valid; nothing was stored.", errors);
        }

        return events;
    }

    private static string? Text(string? value) => value is null ? null : ReplaceNul(value);

    public static string ReplaceNul(string text) => text.Contains(Nul) ? text.Replace(Nul, ReplacementCharacter) : text;

    private static string? ReadObject(JsonElement? value, string field)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be a JSON object.");
        }

        return SanitizedJson(value.Value);
    }

    private static List<string>? ReadFingerprint(JsonElement? fingerprint)
    {
        if (fingerprint is null || fingerprint.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (fingerprint.Value.ValueKind != JsonValueKind.Array
            || fingerprint.Value.GetArrayLength() > GroupingKey.MaxFingerprintParts
            || fingerprint.Value.EnumerateArray().Any(part => part.ValueKind != JsonValueKind.String))
        {
            throw DomainValidationException.ForField(
                nameof(EventInput.Fingerprint), $"{FieldError.FieldToken} must be an array of 1 to {GroupingKey.MaxFingerprintParts} strings.");
        }

        return fingerprint.Value.EnumerateArray().Select(part => ReplaceNul(part.GetString()!)).ToList();
    }

    private static Dictionary<string, string>? ReadTags(JsonElement? tags)
    {
        if (tags is null || tags.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tags.Value.ValueKind != JsonValueKind.Object)
        {
            throw DomainValidationException.ForField(nameof(EventInput.Tags), $"{FieldError.FieldToken} must be a flat JSON object of strings.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in tags.Value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw DomainValidationException.ForField(nameof(EventInput.Tags), $"Tag '{ReplaceNul(property.Name)}' must be a string; tags are a flat object of strings.");
            }

            if (result.Count > NewEvent.MaxTags)
            {
                break; // already too many: the domain rule reports it without reading 10,000 more
            }

            result[ReplaceNul(property.Name)] = ReplaceNul(property.Value.GetString()!);
        }

        return result;
    }

    /// <summary>Re-serializes JSON with NUL replaced in every string and property name.</summary>
    public static string SanitizedJson(JsonElement element)
    {
        var raw = element.GetRawText();
        if (!raw.Contains("\\u0000", StringComparison.OrdinalIgnoreCase))
        {
            return raw;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSanitized(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSanitized(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(ReplaceNul(property.Name));
                    WriteSanitized(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteSanitized(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(ReplaceNul(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
