using Faultline.Domain.Common;

namespace Faultline.Domain.Users;

/// <summary>An optional display name: trimmed, at most 200 characters, no control characters.</summary>
public static class FullName
{
    public const int MaxLength = 200;

    public static string? CreateOptional(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxLength || trimmed.Any(char.IsControl))
        {
            throw DomainValidationException.ForField("FullName", $"{FieldError.FieldToken} must be at most {MaxLength} characters, without control characters.");
        }

        return trimmed;
    }
}
