using System.Text;
using System.Text.RegularExpressions;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// JSON may escape half a surrogate pair (<c>"\ud800"</c>), which is no text: .NET cannot read it as a string
/// and PostgreSQL refuses it in JSONB. SDKs that cut strings by UTF-16 units send such halves, so they
/// become U+FFFD, as the NUL character does, rather than failing the event.
/// </summary>
internal static partial class LoneSurrogates
{
    public static ReadOnlyMemory<byte> Repair(ReadOnlyMemory<byte> json)
    {
        // The common case costs one scan for an escape that starts with \ud or \uD.
        var span = json.Span;
        if (span.IndexOf(@"\ud"u8) < 0 && span.IndexOf(@"\uD"u8) < 0)
        {
            return json;
        }

        var text = Encoding.UTF8.GetString(span);
        var repaired = LoneLow().Replace(LoneHigh().Replace(text, @"\uFFFD"), @"\uFFFD");
        return ReferenceEquals(repaired, text) ? json : Encoding.UTF8.GetBytes(repaired);
    }

    // An escape (after an even number of backslashes) of a high half not followed by an escaped low half ...
    [GeneratedRegex(@"(?<=(?:^|[^\\])(?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})")]
    private static partial Regex LoneHigh();

    // ... and of a low half not preceded by an escaped high half.
    [GeneratedRegex(@"(?<=(?:^|[^\\])(?:\\\\)*)(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial Regex LoneLow();
}
