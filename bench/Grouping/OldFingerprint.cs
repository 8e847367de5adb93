using System.Text.RegularExpressions;

namespace Faultline.Bench.Grouping;

/// <summary>
/// Faultline 0.1.0's fingerprint normalization, kept here as the baseline the grouping key replaced: lower case,
/// then UUIDs, hex runs and numbers become placeholders. Only its partition matters to GA, so no hash.
/// </summary>
internal static partial class OldFingerprint
{
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
