using Faultline.Domain.Common;

namespace Faultline.Application.OperatorKeys;

public static class OperatorScopes
{
    /// <summary>Everything, including key management.</summary>
    public const string Admin = "admin";

    /// <summary>Queries only.</summary>
    public const string Read = "read";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Admin, Read };

    /// <summary>A key's scopes as a client lists them: at least one, each admin or read.</summary>
    public static IReadOnlySet<string> Parse(IReadOnlyList<string>? scopes) =>
        scopes is { Count: > 0 } && scopes.All(All.Contains)
            ? new HashSet<string>(scopes, StringComparer.Ordinal)
            : throw DomainValidationException.ForField("Scopes", $"{FieldError.FieldToken} is a non-empty list of \"admin\" and \"read\".");
}

/// <summary>An operator key as listed: never the key or its hash.</summary>
public sealed class OperatorKeyDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Prefix { get; init; } = string.Empty;

    public string[] Scopes { get; init; } = [];

    /// <summary>The apps the key is limited to; null means every app.</summary>
    public long[]? Apps { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RevokedAt { get; init; }
}

public sealed class CreatedOperatorKeyDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Key { get; init; } = string.Empty;

    public string Prefix { get; init; } = string.Empty;

    public string[] Scopes { get; init; } = [];

    public long[]? Apps { get; init; }

    public DateTime CreatedAt { get; init; }
}
