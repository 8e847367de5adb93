using System.Text.Json;

namespace Faultline.Api.Contracts;

/// <summary>
/// One event. The Log Handler API's shape needs occurred_at, level and message; with a kind, occurred_at defaults to
/// the receipt time, level to the kind's default and message to the name.
/// </summary>
public sealed class IngestEventRequest
{
    /// <summary>When the event happened, RFC 3339 (no offset means UTC).</summary>
    public string? OccurredAt { get; set; }

    /// <summary>DEBUG, INFO, WARNING (WARN), ERROR or CRITICAL (FATAL), any case.</summary>
    public string? Level { get; set; }

    /// <summary>Not blank, at most 8,192 characters.</summary>
    public string? Message { get; set; }

    /// <summary>error, log, performance, interaction, custom or request.</summary>
    public string? Kind { get; set; }

    /// <summary>Exception type or event name, at most 256 characters.</summary>
    public string? Name { get; set; }

    /// <summary>The client's idempotency key, 1 to 128 characters: an event_id seen in the last 7 days is not stored again.</summary>
    public string? EventId { get; set; }

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public string? Release { get; set; }

    public string? Environment { get; set; }

    public string? PageUrl { get; set; }

    public string? UserAgent { get; set; }

    public string? HttpMethod { get; set; }

    public string? HttpPath { get; set; }

    public int? StatusCode { get; set; }

    public double? DurationMs { get; set; }

    /// <summary>Optional JSON object, kept and returned as sent (members in their order).</summary>
    public JsonElement? Payload { get; set; }

    /// <summary>Optional JSON object, kept and returned as sent.</summary>
    public JsonElement? Stack { get; set; }

    /// <summary>Optional flat object of strings: at most 64 tags, keys up to 128 and values up to 256 characters.</summary>
    public JsonElement? Tags { get; set; }

    /// <summary>
    /// Optional: the client's own grouping, an array of 1 to 32 strings (as Sentry's SDKs send); events with the same
    /// array share a fingerprint. "{{ default }}" in it stands for Faultline's own key.
    /// </summary>
    public JsonElement? Fingerprint { get; set; }

    /// <summary>Optional JSON object, kept and returned as sent (members in their order).</summary>
    public JsonElement? Metadata { get; set; }

    /// <summary>Optional priority, an integer from 1 (normal) to 10 (critical).</summary>
    public int? Priority { get; set; }
}

public sealed class IngestedEventResponse
{
    public long Id { get; set; }

    public long AppId { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>True (with status 200) when this event_id was already stored; id and received_at are the first event's.</summary>
    public bool Duplicate { get; set; }
}

public sealed class IngestBatchRequest
{
    /// <summary>1 to 1,000 events; one invalid event rejects the whole batch.</summary>
    public List<IngestEventRequest?>? Events { get; set; }
}

public sealed class IngestedBatchResponse
{
    public int Accepted { get; set; }

    public int Duplicates { get; set; }

    public int Total { get; set; }

    /// <summary>One id per submitted event, in order; a duplicate carries the first event's id.</summary>
    public IReadOnlyList<long> Ids { get; set; } = [];
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

    public string Kind { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string Fingerprint { get; set; } = string.Empty;

    /// <summary>The error group of an error or of an event at WARNING or above; null for the others.</summary>
    public long? GroupId { get; set; }

    public string EventId { get; set; } = string.Empty;

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public string? Release { get; set; }

    public string? Environment { get; set; }

    public string? PageUrl { get; set; }

    public string? UserAgent { get; set; }

    public string? HttpMethod { get; set; }

    public string? HttpPath { get; set; }

    public int? StatusCode { get; set; }

    public double? DurationMs { get; set; }

    public JsonElement? Payload { get; set; }

    public JsonElement? Metadata { get; set; }

    public int? Priority { get; set; }
}

public sealed class EventPageResponse
{
    public IReadOnlyList<EventResponse> Items { get; set; } = [];

    /// <summary>The offset of the next page, or null when there is nothing more.</summary>
    public long? NextOffset { get; set; }

    /// <summary>Pass as cursor to get the next page by position (fast at any depth); null when there is nothing more.</summary>
    public string? NextCursor { get; set; }
}
