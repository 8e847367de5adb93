namespace Faultline.Application.Keys;

/// <summary>An ingest key as listed: never the key itself or its hash.</summary>
public sealed class IngestKeyDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Prefix { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime? LastUsedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public DateTime? RevokedAt { get; init; }

    /// <summary>The key's own limit on events per minute; null: the configured default applies.</summary>
    public int? RateLimitPerMinute { get; init; }

    /// <summary>Requests made with the key.</summary>
    public long TotalRequests { get; init; }
}

/// <summary>A new ingest key; <see cref="Key"/> is shown only in this answer.</summary>
public sealed class CreatedIngestKeyDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Key { get; init; } = string.Empty;

    public string Prefix { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public int? RateLimitPerMinute { get; init; }
}

internal static class IngestKeySql
{
    public const string Columns = """
        id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt,
        last_used_at AS LastUsedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt,
        rate_limit_per_minute AS RateLimitPerMinute, total_requests AS TotalRequests
        """;

    public const string IsLive = "(revoked_at IS NULL OR revoked_at > now()) AND (expires_at IS NULL OR expires_at > now())";
}
