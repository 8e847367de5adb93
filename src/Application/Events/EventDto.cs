namespace Faultline.Application.Events;

/// <summary>A stored event; <see cref="Stack"/>, <see cref="Tags"/> and <see cref="Payload"/> are JSON texts as stored.</summary>
public sealed class EventDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public DateTime OccurredAt { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string Level { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    public string? Stack { get; init; }

    public string? Tags { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string? Name { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>The error group the event belongs to; null for events that belong to none.</summary>
    public long? GroupId { get; init; }

    public string EventId { get; init; } = string.Empty;

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

    public string? Payload { get; init; }

    public string? Metadata { get; init; }

    public int? Priority { get; init; }
}
