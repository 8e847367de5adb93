namespace Faultline.Api.Contracts;

public sealed class CreateIngestKeyRequest
{
    /// <summary>1 to 100 characters.</summary>
    public string? Name { get; set; }

    /// <summary>Optional expiry, RFC 3339, in the future.</summary>
    public string? ExpiresAt { get; set; }

    /// <summary>Optional: the most events per minute this key may send (1 to 100,000,000); absent: the configured default (none unless set).</summary>
    public int? RateLimitPerMinute { get; set; }
}

/// <summary>The fields present are changed; a field sent as null is cleared.</summary>
public sealed class UpdateIngestKeyRequest
{
    private int? _rateLimitPerMinute;

    /// <summary>The most events per minute this key may send (1 to 100,000,000), or null for no limit of its own.</summary>
    public int? RateLimitPerMinute
    {
        get => _rateLimitPerMinute;
        set
        {
            _rateLimitPerMinute = value;
            RateLimitPerMinuteIsSet = true;
        }
    }

    /// <summary>Whether the body named the field at all: null clears the limit, absence leaves it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool RateLimitPerMinuteIsSet { get; private set; }
}

public sealed class RotateIngestKeyRequest
{
    /// <summary>How long the old key keeps working, in seconds (default 0).</summary>
    public int? GraceSeconds { get; set; }
}

public sealed class IngestKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>The key's own limit on events per minute; null: the configured default applies.</summary>
    public int? RateLimitPerMinute { get; set; }
}

public sealed class CreatedIngestKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The key itself, shown only in this answer.</summary>
    public string Key { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public int? RateLimitPerMinute { get; set; }
}

public sealed class CreateOperatorKeyRequest
{
    /// <summary>1 to 100 characters, unique without regard to case.</summary>
    public string? Name { get; set; }

    /// <summary>"admin" (everything, keys included) and/or "read" (queries only).</summary>
    public List<string>? Scopes { get; set; }

    /// <summary>Optional: the only app ids this key may use; absent means every app.</summary>
    public List<long>? Apps { get; set; }
}

public sealed class OperatorKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public IReadOnlyList<string> Scopes { get; set; } = [];

    public IReadOnlyList<long>? Apps { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

public sealed class CreatedOperatorKeyResponse
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The key itself, shown only in this answer.</summary>
    public string Key { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public IReadOnlyList<string> Scopes { get; set; } = [];

    public IReadOnlyList<long>? Apps { get; set; }

    public DateTime CreatedAt { get; set; }
}
