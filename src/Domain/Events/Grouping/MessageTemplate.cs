using System.Text;

namespace Faultline.Domain.Events.Grouping;

/// <summary>
/// A message's template: its variable parts replaced with <c>&lt;*&gt;</c>, so that messages written by one
/// logging statement meet. A pure function of the text, token by token, with generic token classes only
/// (numbers and anything holding a digit, hex, UUIDs, IP and MAC addresses, paths and URLs, e-mail addresses,
/// host names, quoted values, key=value values, sizes and durations with their units, month and day names,
/// the word after "user" or "for"; short device names such as en0 stay): nothing is learned from other messages, so every instance computes the same
/// template for the same message, whatever it saw before. Measured on LogHub-2k by bench/grouping.
/// </summary>
public static class MessageTemplate
{
    public const string Variable = "<*>";

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Units = Words(
        "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "byte", "bytes", "ns", "us", "ms", "s", "sec", "secs",
        "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "%");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Calendar = Words(
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TopLevelDomains = Words(
        "com", "net", "org", "edu", "gov", "mil", "int", "io", "co", "uk", "de", "fr", "jp", "cn", "hk", "br", "ru",
        "au", "ca", "in", "it", "nl", "es", "local", "localdomain", "lan", "internal", "arpa");

    /// <summary>Words after which the next token names someone or something, not the statement.</summary>
    private static readonly HashSet<string> NamingWords = new(StringComparer.OrdinalIgnoreCase) { "user", "for" };

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Words(params string[] words) =>
        new HashSet<string>(words, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Of(string message)
    {
        var tokens = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var builder = new StringBuilder(message.Length);
        var previousWasVariable = false;
        var previousNames = false;
        for (var index = 0; index < tokens.Length; index++)
        {
            var token = tokens[index];
            // "for user alice" names after "user"; "invalid user user" names a user called "user".
            var naming = NamingWords.Contains(token) && !(previousNames && string.Equals(token, tokens[index - 1], StringComparison.OrdinalIgnoreCase));
            var named = previousNames && !naming && !IsEdgeOnly(token);
            var masked = named ? Variable : MaskToken(token, previousWasVariable, index == 0);
            var isVariable = masked == Variable;
            previousNames = naming;
            if (isVariable && previousWasVariable)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(masked);
            previousWasVariable = isVariable;
        }

        return builder.ToString();
    }

    private static string MaskToken(string token, bool afterVariable, bool first)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && IsEdge(token[start]))
        {
            start++;
        }

        while (end > start && IsEdge(token[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            return IsEmptyPair(token) ? Variable : token;
        }

        var core = token.AsSpan(start, end - start);
        if (IsDeviceName(core))
        {
            return token;
        }

        if (IsWholeVariable(core, afterVariable) || IsQuoted(token, start, end))
        {
            return Variable;
        }

        var masked = MaskParts(core);
        if (masked is null)
        {
            return token;
        }

        if (masked == Variable || (!first && HasDigit(core) && core.IndexOf('=') < 0))
        {
            return Variable;
        }

        return string.Concat(token.AsSpan(0, start), masked, token.AsSpan(end));
    }

    /// <summary>A core that is one variable as a whole: a number, an address, a host, a unit after a value, a day...</summary>
    private static bool IsWholeVariable(ReadOnlySpan<char> core, bool afterVariable)
    {
        var digits = 0;
        var letters = 0;
        var dots = 0;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
            else if (c == '.')
            {
                dots++;
            }
        }

        if (digits > 0 && letters == 0)
        {
            return true; // numbers, times, dates, IPv4 addresses with ports, version numbers
        }

        if (afterVariable && Units.Contains(core))
        {
            return true; // "2.5 MB", "<1 s": the unit belongs to the value
        }

        if (Calendar.Contains(core))
        {
            return true;
        }

        if (core.Contains("://", StringComparison.Ordinal) || (core.IndexOf('@') > 0 && dots > 0))
        {
            return true; // URLs, e-mail addresses
        }

        if (dots > 0 && (IsHostName(core) || IsHostAndPort(core) || (dots >= 2 && IsDottedName(core))))
        {
            return true;
        }

        return IsHexLike(core);
    }

    private static bool IsHostName(ReadOnlySpan<char> core)
    {
        var lastDot = core.LastIndexOf('.');
        if (lastDot <= 0 || !TopLevelDomains.Contains(core[(lastDot + 1)..]))
        {
            return false;
        }

        foreach (var c in core)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A name of three or more dotted parts: a reverse-DNS identifier, a class's full name.</summary>
    private static bool IsDottedName(ReadOnlySpan<char> core)
    {
        var previous = '.';
        foreach (var c in core)
        {
            if (c == '.' ? previous == '.' : !char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-' and not '$')
            {
                return false;
            }

            previous = c;
        }

        // A last part in capitals is a constant's name (com.example.events.ORDER_PLACED): it says what happened.
        var last = core[(core.LastIndexOf('.') + 1)..];
        return previous != '.' && !IsConstantName(last);
    }

    private static bool IsConstantName(ReadOnlySpan<char> part)
    {
        var letters = 0;
        foreach (var c in part)
        {
            if (char.IsAsciiLetterLower(c))
            {
                return false;
            }

            letters += char.IsAsciiLetterUpper(c) ? 1 : 0;
        }

        return letters > 1;
    }

    /// <summary>A dotted name with a port, as "proxy.example.edu:5070".</summary>
    private static bool IsHostAndPort(ReadOnlySpan<char> core)
    {
        var colon = core.LastIndexOf(':');
        if (colon <= 0 || colon == core.Length - 1 || core[..colon].IndexOf('.') < 0)
        {
            return false;
        }

        foreach (var c in core[(colon + 1)..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        foreach (var c in core[..colon])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hex numbers, UUIDs, MAC and IPv6 addresses: hex digits with separators, holding a digit.</summary>
    private static bool IsHexLike(ReadOnlySpan<char> core)
    {
        var hasDigit = false;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (!char.IsAsciiHexDigit(c) && c is not ':' and not '-' and not 'x' and not 'X')
            {
                return false;
            }
        }

        return hasDigit;
    }

    /// <summary>
    /// Masks the variable parts inside a token: a path from its start to the token's end, the value of a
    /// key=value, and every part between punctuation that holds a digit. Null when nothing is variable.
    /// </summary>
    private static string? MaskParts(ReadOnlySpan<char> core)
    {
        StringBuilder? builder = null;
        var partStart = 0;
        for (var i = 0; i <= core.Length; i++)
        {
            if (i < core.Length && !IsPartSeparator(core[i]))
            {
                continue;
            }

            var part = core[partStart..i];
            var separator = i < core.Length ? core[i] : '\0';
            if (part.IndexOfAny('/', '\\') >= 0 || separator is '/' or '\\')
            {
                // A path runs to the end of the token, whatever it holds.
                builder ??= new StringBuilder().Append(core[..partStart]);
                builder.Append(Variable);
                return builder.ToString();
            }

            var previous = partStart > 0 ? core[partStart - 1] : '\0';
            var variable = part.Length > 0 && (previous == '=' || HasDigit(part) || IsWholeVariable(part, false));
            if (variable)
            {
                builder ??= new StringBuilder().Append(core[..partStart]);
                builder.Append(Variable);
            }
            else
            {
                builder?.Append(part);
            }

            if (i < core.Length)
            {
                builder?.Append(separator);
            }

            partStart = i + 1;
        }

        return builder?.ToString();
    }

    /// <summary>A short name ending in one digit (en0, eth1, sda2): a device, named by the statement.</summary>
    private static bool IsDeviceName(ReadOnlySpan<char> core)
    {
        if (core.Length is < 2 or > 6 || !char.IsAsciiDigit(core[^1]))
        {
            return false;
        }

        foreach (var c in core[..^1])
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasDigit(ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsQuoted(string token, int start, int end) =>
        start > 0 && end < token.Length && token[start - 1] is '"' or '\'' && token[end] == token[start - 1];

    private static bool IsEmptyPair(string token) => token is "()" or "[]" or "{}" or "''" or "\"\"" or "<>";

    private static bool IsEdgeOnly(string token)
    {
        foreach (var c in token)
        {
            if (!IsEdge(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPartSeparator(char c) => c is '=' or ':' or ',' or '(' or ')' or '[' or ']' or '{' or '}' or '|' or ';' or '"' or '\'' or '/' or '\\' or '<' or '>' or '@' or '#';

    private static bool IsEdge(char c) => c is '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>' or ',' or ';' or ':' or '.' or '"' or '\'' or '!' or '?' or '*';
}
