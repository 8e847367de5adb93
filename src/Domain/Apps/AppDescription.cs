using Faultline.Domain.Common;

namespace Faultline.Domain.Apps;

/// <summary>Free text about an app, at most 1,000 characters.</summary>
public sealed record AppDescription
{
    public const int MaxLength = 1_000;

    private AppDescription(string value) => Value = value;

    public string Value { get; }

    public static AppDescription? CreateOptional(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxLength || value.Contains('\0', StringComparison.Ordinal))
        {
            throw DomainValidationException.ForField("Description", $"{FieldError.FieldToken} must be at most {MaxLength} characters of text.");
        }

        return new AppDescription(value);
    }
}
