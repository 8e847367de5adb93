namespace Faultline.Application.Users;

public sealed class UserDto
{
    public long Id { get; init; }

    public string Email { get; init; } = string.Empty;

    public string? FullName { get; init; }

    public string Role { get; init; } = string.Empty;

    public bool IsActive { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>A user who has just signed in, and their token.</summary>
public sealed class SignedInDto
{
    public string Token { get; init; } = string.Empty;

    public int ExpiresInSeconds { get; init; }

    public UserDto User { get; init; } = new();
}

internal static class UserSql
{
    public const string Columns = "id AS Id, email AS Email, full_name AS FullName, role AS Role, is_active AS IsActive, created_at AS CreatedAt";
}
