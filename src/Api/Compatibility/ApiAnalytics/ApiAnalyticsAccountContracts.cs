namespace Faultline.Api.Compatibility.ApiAnalytics;

public sealed class RegisterRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? FullName { get; set; }
}

public sealed class LoginRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}

/// <summary>A user as the API Analytics API shows one.</summary>
public sealed class AccountResponse
{
    public long Id { get; set; }

    public string Email { get; set; } = string.Empty;

    public string? FullName { get; set; }

    public bool IsActive { get; set; }

    public string Role { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}

public sealed class AccessTokenResponse
{
    public string AccessToken { get; set; } = string.Empty;

    public string TokenType { get; set; } = "bearer";

    /// <summary>Seconds until the token expires.</summary>
    public int ExpiresIn { get; set; }
}
