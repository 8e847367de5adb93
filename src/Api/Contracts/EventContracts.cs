using System.Text.Json;

namespace Faultline.Api.Contracts;

public sealed class IngestEventRequest
{
    /// <summary>When the event happened, RFC 3339 (no offset means UTC). Required.</summary>
    public string? OccurredAt { get; set; }

    /// <summary>DEBUG, INFO, WARNING (WARN), ERROR or CRITICAL (FATAL), any case. Required.</summary>
    public string? Level { get; set; }

    /// <summary>Not blank, at most 8,192 characters. Required.</summary>
    public string? Message { get; set; }

    /// <summary>Optional JSON object, stored as JSONB.</summary>
    public JsonElement? Stack { get; set; }

    /// <summary>Optional flat object of strings: at most 64 tags, keys up to 128 and values up to 256 characters.</summary>
    public JsonElement? Tags { get; set; }
}

public sealed class IngestedEventResponse
{
    public long Id { get; set; }

    public long AppId { get; set; }

    public DateTime ReceivedAt { get; set; }
}

public sealed class EventResponse
{
    public long Id { get; set; }

    public long AppId { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime ReceivedAt { get; set; }

    public string Level { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public JsonElement? Stack { get; set; }

    public JsonElement? Tags { get; set; }
}

public sealed class EventPageResponse
{
    public IReadOnlyList<EventResponse> Items { get; set; } = [];

    /// <summary>The offset of the next page, or null when there is nothing more.</summary>
    public long? NextOffset { get; set; }
}
