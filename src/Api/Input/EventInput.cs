using System.Text.Json;

namespace Faultline.Api.Input;

/// <summary>An event as it arrived in JSON, before validation: every surface maps its own contract onto this.</summary>
public sealed class EventInput
{
    public string? Kind { get; init; }

    public string? Level { get; init; }

    public string? Name { get; init; }

    public string? Message { get; init; }

    public string? EventId { get; init; }

    public string? OccurredAt { get; init; }

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    public string? Release { get; init; }

    public string? Environment { get; init; }

    public string? PageUrl { get; init; }

    public string? UserAgent { get; init; }

    public string? HttpMethod { get; init; }

    public string? HttpPath { get; init; }

    public int? StatusCode { get; init; }

    public double? DurationMs { get; init; }

    public JsonElement? Stack { get; init; }

    public JsonElement? Tags { get; init; }

    public JsonElement? Fingerprint { get; init; }

    public JsonElement? Payload { get; init; }

    public JsonElement? Metadata { get; init; }

    public int? Priority { get; init; }
}
