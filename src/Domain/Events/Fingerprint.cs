using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Faultline.Domain.Events;

/// <summary>
/// A stable hash of an event's normalized message (with its kind and name), so that "timeout after 31 ms
/// on order 8812" and "timeout after 45 ms on order 9001" fall into one group.
/// </summary>
public static partial class Fingerprint
{
    public static string Of(EventKind kind, string? name, string message)
    {
        var normalized = Normalize(message);
        var text = $"{kind.Name()}\n{name?.Trim().ToLowerInvariant()}\n{normalized}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>Lower case; UUIDs, long hex runs and numbers become placeholders; white space is folded.</summary>
    public static string Normalize(string message)
    {
        var text = message.ToLowerInvariant();
        text = Uuid().Replace(text, "<uuid>");
        text = HexRun().Replace(text, "<hex>");
        text = Number().Replace(text, "<n>");
        return WhiteSpace().Replace(text, " ").Trim();
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b(0x)?[0-9a-f]*[0-9][0-9a-f]*[a-f][0-9a-f]*\b|\b(0x)?[0-9a-f]*[a-f][0-9a-f]*[0-9][0-9a-f]*\b", RegexOptions.CultureInvariant)]
    private static partial Regex HexRun();

    [GeneratedRegex(@"\d+(\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
