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
}

/// <summary>The columns of <see cref="EventDto"/>, aliased, for every query that reads whole events from <c>events</c>.</summary>
internal static class EventColumns
{
    public const string Select = """
        id AS Id, app_id AS AppId, occurred_at AS OccurredAt, received_at AS ReceivedAt,
        level AS Level, message AS Message, stack::text AS Stack, tags::text AS Tags,
        kind AS Kind, name AS Name, fingerprint AS Fingerprint, group_id AS GroupId, event_id AS EventId,
        user_id AS UserId, session_id AS SessionId, release AS Release, environment AS Environment,
        page_url AS PageUrl, user_agent AS UserAgent, http_method AS HttpMethod, http_path AS HttpPath,
        status_code AS StatusCode, duration_ms AS DurationMs, payload::text AS Payload
        """;
}
