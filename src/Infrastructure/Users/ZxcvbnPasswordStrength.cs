using Faultline.Application.Users;

namespace Faultline.Infrastructure.Users;

/// <summary>
/// zxcvbn's estimate: a score below 3 ("safely unguessable" starts at 3) is refused, and the answer names
/// the weakest pattern zxcvbn found (a common word, a keyboard walk, a date, a repeat, a sequence).
/// </summary>
internal sealed class ZxcvbnPasswordStrength : IPasswordStrength
{
    public const int MinimumScore = 3;

    public string? Weakness(string password, IReadOnlyList<string> personalWords)
    {
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, personalWords);
        if (result.Score >= MinimumScore)
        {
            return null;
        }

        var reason = result.MatchSequence
            .Where(match => match.Pattern != "bruteforce")
            .OrderByDescending(match => match.Token.Length)
            .Select(Describe)
            .FirstOrDefault() ?? "it is too short or too simple";
        return $"This password is too easy to guess ({reason}; it could be cracked in {result.CrackTimeDisplay}). " +
               "Use a longer passphrase of several uncommon words, or add unpredictable characters.";
    }

    private static string Describe(Zxcvbn.Match match) => match switch
    {
        Zxcvbn.Matcher.DictionaryMatch word when word.DictionaryName == "user_inputs" => $"it contains '{match.Token}', taken from your email or name",
        Zxcvbn.Matcher.DictionaryMatch => $"it contains '{match.Token}', a commonly used password or word",
        _ => match.Pattern switch
        {
            "spatial" => $"'{match.Token}' is a pattern of neighbouring keys",
            "repeat" => $"'{match.Token}' repeats characters",
            "sequence" => $"'{match.Token}' is a sequence such as abc or 123",
            "date" => $"'{match.Token}' looks like a date",
            _ => $"'{match.Token}' is a predictable pattern",
        },
    };
}
