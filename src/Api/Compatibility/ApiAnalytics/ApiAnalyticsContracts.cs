using System.Text.Json.Serialization;

namespace Faultline.Api.Compatibility.ApiAnalytics;

public sealed class ProjectRequest
{
    public string? Name { get; set; }

    public string? Description { get; set; }
}

public sealed class ProjectUpdateRequest
{
    private string? _description;

    public string? Name { get; set; }

    public string? Description
    {
        get => _description;
        set
        {
            _description = value;
            DescriptionIsSet = true;
        }
    }

    public bool? IsActive { get; set; }

    /// <summary>Whether the body named the description at all: null clears it, absence leaves it.</summary>
    [JsonIgnore]
    public bool DescriptionIsSet { get; private set; }
}

public sealed class ProjectResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string ProjectKey { get; set; } = string.Empty;

    public long? UserId { get; set; }

    public bool IsActive { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public sealed class ApiKeyRequest
{
    public string? Name { get; set; }

    /// <summary>RFC 3339; absent: the key does not expire.</summary>
    public string? ExpiresAt { get; set; }
}

public sealed class ApiKeyUpdateRequest
{
    public string? Name { get; set; }

    public bool? IsActive { get; set; }
}

public sealed class ApiKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The key's first characters, to tell keys apart.</summary>
    public string Prefix { get; set; } = string.Empty;

    public bool IsActive { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public long TotalRequests { get; set; }
}

/// <summary>A new or rotated key: the key itself appears only in this answer.</summary>
public sealed class CreatedApiKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public long TotalRequests { get; set; }

    public string Warning { get; set; } = "Store this key now: it is shown only once, and only its hash is kept.";
}

public sealed class TrackRequest
{
    public string? UrlPath { get; set; }

    public string? Method { get; set; }

    public int? ResponseStatusCode { get; set; }

    public double? ResponseTimeMs { get; set; }

    public string? UserAgent { get; set; }

    public string? Ip { get; set; }
}

public sealed class TrackedResponse
{
    public long Id { get; set; }

    public string UrlPath { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public int ResponseStatusCode { get; set; }

    public double ResponseTimeMs { get; set; }

    public string? UserAgent { get; set; }

    public string? IpHash { get; set; }

    public DateTime Timestamp { get; set; }
}

public sealed class MetricsSummaryResponse
{
    public long RequestCount { get; set; }

    public double AvgResponseTimeMs { get; set; }

    public long ErrorCount { get; set; }

    /// <summary>Percent, two decimals.</summary>
    public double ErrorRate { get; set; }

    public double SlowestRequestMs { get; set; }

    public double FastestRequestMs { get; set; }

    public double RequestsPerMinute { get; set; }

    public double P50ResponseTimeMs { get; set; }

    public double P95ResponseTimeMs { get; set; }

    public double P99ResponseTimeMs { get; set; }
}

public sealed class MetricsBucketResponse
{
    public DateTime Timestamp { get; set; }

    public long RequestCount { get; set; }

    public double AvgResponseTimeMs { get; set; }

    public long ErrorCount { get; set; }
}

public sealed class MetricsEndpointResponse
{
    public string UrlPath { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public long RequestCount { get; set; }

    public double AvgResponseTimeMs { get; set; }

    public long ErrorCount { get; set; }

    public double ErrorRate { get; set; }

    public double SlowestRequestMs { get; set; }

    public double FastestRequestMs { get; set; }

    public double P50ResponseTimeMs { get; set; }

    public double P95ResponseTimeMs { get; set; }

    public double P99ResponseTimeMs { get; set; }
}
