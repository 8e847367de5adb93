using Faultline.Domain.Common;

namespace Faultline.Domain.Users;

/// <summary>USER owns and manages their own apps; ADMIN sees and manages every app and every user.</summary>
public static class UserRoles
{
    public const string User = "USER";
    public const string Admin = "ADMIN";
    public const string Field = "Role";

    /// <summary>USER or ADMIN, case-insensitive.</summary>
    public static string Parse(string? value) =>
        value?.Trim().ToUpperInvariant() switch
        {
            User => User,
            Admin => Admin,
            _ => throw DomainValidationException.ForField(Field, $"{FieldError.FieldToken} must be {User} or {Admin}."),
        };
}
