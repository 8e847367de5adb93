namespace Faultline.Api.Contracts;

public sealed class TimeseriesResponse
{
    public string Interval { get; set; } = string.Empty;

    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    /// <summary>kind or name when the counts are split; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupBy { get; set; }

    public IReadOnlyList<BucketResponse> Series { get; set; } = [];
}

public sealed class BucketResponse
{
    public DateTime BucketStart { get; set; }

    public long Count { get; set; }

    /// <summary>With group_by: the bucket's count per kind or name (only those that occur); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? Counts { get; set; }
}

public sealed class LevelCountsResponse
{
    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    public IReadOnlyList<LevelCountResponse> Items { get; set; } = [];
}

public sealed class LevelCountResponse
{
    public string Level { get; set; } = string.Empty;

    public long Count { get; set; }
}

public sealed class KindCountsResponse
{
    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    public long Total { get; set; }

    public IReadOnlyList<KindCountResponse> Items { get; set; } = [];
}

public sealed class TopMessagesResponse
{
    public int Limit { get; set; }

    public IReadOnlyList<MessageCountResponse> Items { get; set; } = [];
}

public sealed class MessageCountResponse
{
    public string Message { get; set; } = string.Empty;

    public long Count { get; set; }

    public DateTime LastSeen { get; set; }
}

public sealed class HealthResponse
{
    /// <summary>"online" when everything answers, "offline" otherwise (the API Analytics API's values).</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>"up" or "down" ("not checked" by the liveness probe).</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>"connected" or "disconnected", as the API Analytics API reports it.</summary>
    public string DatabaseStatus { get; set; } = string.Empty;

    /// <summary>The host environment (Production, Development ...).</summary>
    public string Environment { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public DateTime Timestamp { get; set; }

    /// <summary>Present when the service is not ready, in the usual error shape.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ErrorBody? Error { get; set; }
}
