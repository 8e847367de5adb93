using System.Text.Json;
using System.Text.Json.Serialization;

namespace Faultline.Api.Compatibility.EventProcessor;

// The Event Processor API's own shapes. Names are camelCase, written out on each member so that they hold
// whatever naming the rest of the service uses.

/// <summary>Every successful answer: <c>{"success": true, "data": ...}</c>.</summary>
public sealed class EventProcessorEnvelope<T>
{
    [JsonPropertyName("success")]
    public bool Success { get; set; } = true;

    [JsonPropertyName("data")]
    public required T Data { get; set; }
}

public static class EventProcessorEnvelope
{
    public static EventProcessorEnvelope<T> Of<T>(T data) => new() { Data = data };
}

public sealed class EventProcessorEventRequest
{
    /// <summary>Required: a letter, then letters, digits, '_', '.' or '-'; at most 100 characters.</summary>
    [JsonPropertyName("eventType")]
    public string? EventType { get; set; }

    /// <summary>Required, 1 to 128 characters.</summary>
    [JsonPropertyName("userId")]
    public string? UserId { get; set; }

    /// <summary>Required, 1 to 128 characters.</summary>
    [JsonPropertyName("sessionId")]
    public string? SessionId { get; set; }

    /// <summary>Required, RFC 3339.</summary>
    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; set; }

    /// <summary>Any JSON object, kept as sent.</summary>
    [JsonPropertyName("metadata")]
    public JsonElement? Metadata { get; set; }

    /// <summary>Any JSON object, kept as sent.</summary>
    [JsonPropertyName("payload")]
    public JsonElement? Payload { get; set; }

    /// <summary>1 to 10, default 1.</summary>
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>Optional idempotency key, 1 to 128 characters; generated when absent.</summary>
    [JsonPropertyName("eventId")]
    public string? EventId { get; set; }
}

public sealed class EventProcessorBatchRequest
{
    /// <summary>1 to 1,000 events; one invalid event rejects the batch.</summary>
    [JsonPropertyName("events")]
    public List<EventProcessorEventRequest?>? Events { get; set; }
}

public sealed class EventProcessorIngestResult
{
    [JsonPropertyName("eventId")]
    public string EventId { get; set; } = string.Empty;

    [JsonPropertyName("accepted")]
    public bool Accepted { get; set; }

    [JsonPropertyName("duplicate")]
    public bool Duplicate { get; set; }

    [JsonPropertyName("message")]
    public string Message { get; set; } = string.Empty;
}

public sealed class EventProcessorBatchResult
{
    [JsonPropertyName("accepted")]
    public int Accepted { get; set; }

    [JsonPropertyName("duplicates")]
    public int Duplicates { get; set; }

    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("eventIds")]
    public IReadOnlyList<string> EventIds { get; set; } = [];

    [JsonPropertyName("message")]
    public string Message { get; set; } = string.Empty;
}

public sealed class EventProcessorStats
{
    [JsonPropertyName("ingestionRate")]
    public double IngestionRate { get; set; }

    [JsonPropertyName("totalIngested")]
    public long TotalIngested { get; set; }

    [JsonPropertyName("timestamp")]
    public DateTime Timestamp { get; set; }
}

public sealed class EventProcessorMetrics
{
    [JsonPropertyName("totalEvents")]
    public long TotalEvents { get; set; }

    [JsonPropertyName("timeRange")]
    public EventProcessorTimeRange TimeRange { get; set; } = new();

    [JsonPropertyName("eventsByType")]
    public IReadOnlyList<EventProcessorTypeCount> EventsByType { get; set; } = [];

    [JsonPropertyName("topUsers")]
    public IReadOnlyList<EventProcessorTopUser> TopUsers { get; set; } = [];

    [JsonPropertyName("eventsOverTime")]
    public IReadOnlyList<EventProcessorBucket> EventsOverTime { get; set; } = [];

    [JsonPropertyName("avgEventsPerUser")]
    public double AvgEventsPerUser { get; set; }

    [JsonPropertyName("uniqueUsers")]
    public long UniqueUsers { get; set; }

    [JsonPropertyName("uniqueSessions")]
    public long UniqueSessions { get; set; }
}

public sealed class EventProcessorTimeRange
{
    [JsonPropertyName("start")]
    public DateTime Start { get; set; }

    [JsonPropertyName("end")]
    public DateTime End { get; set; }
}

public sealed class EventProcessorTypeCount
{
    [JsonPropertyName("eventType")]
    public string EventType { get; set; } = string.Empty;

    [JsonPropertyName("count")]
    public long Count { get; set; }

    /// <summary>Share of totalEvents in percent, one decimal.</summary>
    [JsonPropertyName("percentage")]
    public double Percentage { get; set; }
}

public sealed class EventProcessorTopUser
{
    [JsonPropertyName("userId")]
    public string UserId { get; set; } = string.Empty;

    [JsonPropertyName("eventCount")]
    public long EventCount { get; set; }

    [JsonPropertyName("lastEventAt")]
    public DateTime LastEventAt { get; set; }

    [JsonPropertyName("eventTypes")]
    public IReadOnlyList<string> EventTypes { get; set; } = [];
}

public sealed class EventProcessorBucket
{
    [JsonPropertyName("timestamp")]
    public DateTime Timestamp { get; set; }

    [JsonPropertyName("count")]
    public long Count { get; set; }
}

public sealed class EventProcessorHealth
{
    /// <summary>healthy, degraded or unhealthy.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = string.Empty;

    [JsonPropertyName("version")]
    public string Version { get; set; } = string.Empty;

    /// <summary>Seconds since the process started.</summary>
    [JsonPropertyName("uptime")]
    public long Uptime { get; set; }

    [JsonPropertyName("timestamp")]
    public DateTime Timestamp { get; set; }

    [JsonPropertyName("services")]
    public IReadOnlyDictionary<string, EventProcessorServiceStatus> Services { get; set; } = new Dictionary<string, EventProcessorServiceStatus>();
}

public sealed class EventProcessorServiceStatus
{
    /// <summary>up or down.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = string.Empty;
}

public sealed class EventProcessorReady
{
    [JsonPropertyName("ready")]
    public bool Ready { get; set; }
}

public sealed class EventProcessorLive
{
    [JsonPropertyName("live")]
    public bool Live { get; set; }
}
