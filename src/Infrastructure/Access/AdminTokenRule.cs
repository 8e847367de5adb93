namespace Faultline.Infrastructure.Access;

/// <summary>
/// What a configured Faultline:AdminToken must be. Whoever knows it administers the installation, so it
/// may be neither short nor a placeholder from a README or a compose file; unset or empty means one is
/// generated at first start and printed once.
/// </summary>
public static class AdminTokenRule
{
    public const int MinimumLength = 24;

    private const string HowToSetOne =
        "Set a random one (Faultline__AdminToken=$(openssl rand -hex 32)), or leave it unset to have one generated and printed once.";

    // Compared with letters and digits only, in lower case: "Change-Me_Please" is "changemeplease".
    private static readonly string[] PlaceholderWords = ["changeme", "changeit", "replaceme", "placeholder", "yourtoken", "yoursecret", "choosealong"];

    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal)
    {
        "admin", "administrator", "password", "secret", "token", "admintoken", "secrettoken", "faultline",
        "default", "letmein", "qwerty", "test", "example",
    };

    /// <summary>Null when <paramref name="token"/> may be used (or is unset); otherwise why not and what to do, in one line.</summary>
    public static string? FindProblem(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var letters = new string(token.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        if (Placeholders.Contains(letters) || PlaceholderWords.Any(word => letters.Contains(word, StringComparison.Ordinal)) || token.Distinct().Count() < 8)
        {
            return $"{OperatorTokens.ConfigurationKey} is a well-known placeholder, which anyone could guess. {HowToSetOne}";
        }

        if (token.Length < MinimumLength)
        {
            return $"{OperatorTokens.ConfigurationKey} is too short ({token.Length} characters; at least {MinimumLength}). {HowToSetOne}";
        }

        return null;
    }
}
