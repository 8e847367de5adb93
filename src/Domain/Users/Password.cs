using Faultline.Domain.Common;

namespace Faultline.Domain.Users;

/// <summary>
/// A password as typed, within the length rule (8 to 128 characters). The length bound comes first so
/// that neither the strength estimate nor the hash ever works on a megabyte of input.
/// </summary>
public sealed record Password
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
    public const string Field = "Password";

    private Password(string value) => Value = value;

    public string Value { get; }

    public static Password Create(string? value)
    {
        if (value is null || value.Length < MinLength || value.Length > MaxLength)
        {
            throw DomainValidationException.ForField(Field, $"{FieldError.FieldToken} must be {MinLength} to {MaxLength} characters.");
        }

        return new Password(value);
    }

    /// <summary>A password as presented at sign-in: never checked against the rules (they may have changed), only bounded.</summary>
    public static Password? Presented(string? value) => value is null or { Length: 0 or > MaxLength } ? null : new Password(value);

    public override string ToString() => "********";
}
