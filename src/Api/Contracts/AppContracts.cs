namespace Faultline.Api.Contracts;

public sealed class AppResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public sealed class CreatedAppResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The app's ingest key. It is shown only in this answer; only its hash is stored.</summary>
    public string IngestKey { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public sealed class AppRetentionRequest
{
    /// <summary>Days of events to keep for this app (1 to 3650), or null to follow the global retention.</summary>
    public int? RetentionDays { get; set; }
}

public sealed class AppRetentionResponse
{
    public long AppId { get; set; }

    public int? RetentionDays { get; set; }
}
