using System.Text;

namespace Faultline.Domain.Events.Grouping;

/// <summary>
/// A message's template: its variable parts replaced with <c>&lt;*&gt;</c>, so that messages written by one
/// logging statement meet. A pure function of the text, token by token: no state learned from other
/// messages, so every instance computes the same template for the same message.
/// </summary>
public static class MessageTemplate
{
    public const string Variable = "<*>";

    public static string Of(string message)
    {
        var builder = new StringBuilder(message.Length);
        var previousWasVariable = false;
        foreach (var token in message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var masked = MaskToken(token);
            var isVariable = masked == Variable;
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

    private static string MaskToken(string token)
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
            return token;
        }

        var core = token[start..end];
        var equals = core.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            return string.Concat(token.AsSpan(0, start), core.AsSpan(0, equals + 1), Variable);
        }

        if (IsVariable(core))
        {
            return Variable;
        }

        return token;
    }

    private static bool IsVariable(string core)
    {
        foreach (var c in core)
        {
            if (char.IsDigit(c) || c == '/' || c == '\\' || c == '@')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEdge(char c) => c is '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>' or ',' or ';' or ':' or '.' or '"' or '\'' or '!' or '?';
}
