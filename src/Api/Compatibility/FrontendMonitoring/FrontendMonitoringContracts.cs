using System.Text.Json;

namespace Faultline.Api.Compatibility.FrontendMonitoring;

// The Frontend Monitoring API's own shapes (snake_case, as Faultline's default naming writes them).

public sealed class FrontendProjectResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A project with its key: only on creation and rotation.</summary>
public sealed class FrontendProjectWithKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>The project's ingest key for X-API-Key; shown only here.</summary>
    public string ApiKey { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public sealed class FrontendEventRequest
{
    /// <summary>error, performance, interaction or custom (exactly).</summary>
    public string? EventType { get; set; }

    /// <summary>Required: the error type, metric or action name.</summary>
    public string? Name { get; set; }

    public string? Message { get; set; }

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public string? PageUrl { get; set; }

    public string? UserAgent { get; set; }

    public string? Environment { get; set; }

    public string? Release { get; set; }

    /// <summary>Any JSON object.</summary>
    public JsonElement? Payload { get; set; }

    /// <summary>RFC 3339; default now. An offset is converted to UTC.</summary>
    public string? OccurredAt { get; set; }
}

public sealed class FrontendEventResponse
{
    public long Id { get; set; }

    public long ProjectId { get; set; }

    public string EventType { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? Message { get; set; }

    public JsonElement? Payload { get; set; }

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public string? PageUrl { get; set; }

    public string? UserAgent { get; set; }

    public string? Environment { get; set; }

    public string? Release { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime ReceivedAt { get; set; }
}

public sealed class FrontendEventPageResponse
{
    public IReadOnlyList<FrontendEventResponse> Items { get; set; } = [];

    public long Total { get; set; }

    public int Page { get; set; }

    public int PageSize { get; set; }
}

public sealed class FrontendSummaryResponse
{
    public long TotalEvents { get; set; }

    public long UniqueUsers { get; set; }

    /// <summary>When the latest event was received; null without events.</summary>
    public DateTime? LatestEvent { get; set; }

    /// <summary>Events per event_type, only the types that occur.</summary>
    public IReadOnlyDictionary<string, long> CountsByType { get; set; } = new Dictionary<string, long>();
}

public sealed class FrontendBucketResponse
{
    /// <summary>YYYY-MM-DD (day) or YYYY-MM-DD HH:00:00 (hour), UTC.</summary>
    public string Bucket { get; set; } = string.Empty;

    public IReadOnlyDictionary<string, long> Counts { get; set; } = new Dictionary<string, long>();

    public long Total { get; set; }
}
