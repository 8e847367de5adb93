namespace Faultline.Api.Contracts;

public sealed class UserResponse
{
    public long Id { get; set; }

    public string Email { get; set; } = string.Empty;

    public string? FullName { get; set; }

    /// <summary>USER or ADMIN.</summary>
    public string Role { get; set; } = string.Empty;

    public bool IsActive { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed class UpdateUserRequest
{
    /// <summary>USER or ADMIN; absent leaves the role as it is.</summary>
    public string? Role { get; set; }

    /// <summary>false deactivates the user (their tokens stop working at once); absent leaves it as it is.</summary>
    public bool? IsActive { get; set; }
}
