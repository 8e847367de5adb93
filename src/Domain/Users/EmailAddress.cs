using System.Text.RegularExpressions;
using Faultline.Domain.Common;

namespace Faultline.Domain.Users;

/// <summary>
/// A person's email: trimmed, at most 254 characters, one '@' with something on each side and a dot in the
/// domain. Compared without regard to case; kept as typed.
/// </summary>
public sealed partial record EmailAddress
{
    public const int MaxLength = 254;
    public const string Field = "Email";

    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public static EmailAddress Create(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || !Shape().IsMatch(trimmed))
        {
            throw DomainValidationException.ForField(Field, $"{FieldError.FieldToken} must be an email address such as name@example.com.");
        }

        return new EmailAddress(trimmed);
    }

    public override string ToString() => Value;

    [GeneratedRegex(@"^[^@\s\x00-\x1f]{1,64}@[^@\s\x00-\x1f.]+(\.[^@\s\x00-\x1f.]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
