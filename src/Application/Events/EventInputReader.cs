using System.Text;
using System.Text.Json;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;

namespace Faultline.Application.Events;

/// <summary>
/// Turns raw JSON input into a validated <see cref="NewEvent"/>. PostgreSQL cannot store U+0000 in
/// text or JSONB, so every NUL in any string (keys included) is replaced with U+FFFD here, once.
/// </summary>
public static class EventInputReader
{
    private const char Nul = '\0';
    private const char ReplacementCharacter = '\uFFFD';

    public static NewEvent Read(EventInput input)
    {
        if (input.OccurredAt is null)
        {
            throw DomainValidationException.ForField("occurred_at", "'occurred_at' is required.");
        }

        if (input.Level is null)
        {
            throw DomainValidationException.ForField("level", "'level' is required.");
        }

        var occurredAt = Timestamp.Parse(input.OccurredAt, "occurred_at");
        var level = Levels.Parse(input.Level);
        var message = input.Message is null ? null : ReplaceNul(input.Message);
        return NewEvent.Create(occurredAt, level, message, ReadStack(input.Stack), ReadTags(input.Tags));
    }

    public static string ReplaceNul(string text) => text.Contains(Nul) ? text.Replace(Nul, ReplacementCharacter) : text;

    private static string? ReadStack(JsonElement? stack)
    {
        if (stack is null || stack.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stack.Value.ValueKind != JsonValueKind.Object)
        {
            throw DomainValidationException.ForField("stack", "'stack' must be a JSON object.");
        }

        return SanitizedJson(stack.Value);
    }

    private static Dictionary<string, string>? ReadTags(JsonElement? tags)
    {
        if (tags is null || tags.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tags.Value.ValueKind != JsonValueKind.Object)
        {
            throw DomainValidationException.ForField("tags", "'tags' must be a flat JSON object of strings.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in tags.Value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw DomainValidationException.ForField("tags", $"Tag '{ReplaceNul(property.Name)}' must be a string; tags are a flat object of strings.");
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
