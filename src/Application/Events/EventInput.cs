using System.Text.Json;

namespace Faultline.Application.Events;

/// <summary>An event as it arrived in JSON, before validation; the API maps its contract onto this.</summary>
public sealed class EventInput
{
    public string? OccurredAt { get; init; }

    public string? Level { get; init; }

    public string? Message { get; init; }

    public JsonElement? Stack { get; init; }

    public JsonElement? Tags { get; init; }
}
