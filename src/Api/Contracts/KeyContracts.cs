namespace Faultline.Api.Contracts;

public sealed class CreateIngestKeyRequest
{
    /// <summary>1 to 100 characters.</summary>
    public string? Name { get; set; }

    /// <summary>Optional expiry, RFC 3339, in the future.</summary>
    public string? ExpiresAt { get; set; }
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
