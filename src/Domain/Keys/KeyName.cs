using Faultline.Domain.Common;

namespace Faultline.Domain.Keys;

/// <summary>The name of an ingest or operator key: 1 to 100 characters, trimmed.</summary>
public sealed record KeyName
{
    public const int MaxLength = 100;

    private KeyName(string value) => Value = value;

    public string Value { get; }

    public static KeyName Create(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Contains('\0'))
        {
            throw DomainValidationException.ForField("Name", $"{FieldError.FieldToken} is required: 1 to {MaxLength} characters.");
        }

        return new KeyName(value.Trim());
    }

    public override string ToString() => Value;
}
