using System.Text.RegularExpressions;
using Faultline.Domain.Common;

namespace Faultline.Domain.Apps;

/// <summary>An application's name: 1 to 100 letters, digits, '.', '_' or '-'; unique without regard to case.</summary>
public sealed partial record AppName
{
    public const int MaxLength = 100;

    private AppName(string value) => Value = value;

    public string Value { get; }

    public static AppName Create(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !AllowedCharacters().IsMatch(value))
        {
            throw DomainValidationException.ForField(
                "Name", $"An app name is 1 to {MaxLength} characters of letters, digits, '.', '_' and '-'.");
        }

        return new AppName(value);
    }

    /// <summary>
    /// A name sent in a body rather than a path (a project's display name such as "Web App"): 1 to 100
    /// characters, not blank, without control characters. Still unique without regard to case.
    /// </summary>
    public static AppName CreateTitle(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Any(char.IsControl))
        {
            throw DomainValidationException.ForField(
                "Name", $"{FieldError.FieldToken} must be 1 to {MaxLength} characters, not blank and without control characters.");
        }

        return new AppName(value.Trim());
    }

    /// <summary>
    /// The API Analytics API's rule for a project's name: 1 to 100 letters, digits, spaces, '_' and '-'
    /// (trimmed). A project is an app, so the name is an app name too.
    /// </summary>
    public static AppName ForProject(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || !ProjectCharacters().IsMatch(trimmed))
        {
            throw DomainValidationException.ForField("Name", $"{FieldError.FieldToken} must be 1 to {MaxLength} characters of letters, digits, spaces, '_' and '-'.");
        }

        return new AppName(trimmed);
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9 _-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectCharacters();

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedCharacters();
}
