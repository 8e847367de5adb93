using Faultline.Domain.Common;

namespace Faultline.Application.Keys;

internal static class KeyName
{
    public const int MaxLength = 100;

    public static string Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength || name.Contains('\0'))
        {
            throw DomainValidationException.ForField("name", $"'name' is required: 1 to {MaxLength} characters.");
        }

        return name.Trim();
    }
}
