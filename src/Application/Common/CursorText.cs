using System.Text;

namespace Faultline.Application.Common;

/// <summary>The text of an opaque paging cursor: its parts joined by dots, in URL-safe base64 without padding.</summary>
internal static class CursorText
{
    public static string Encode(string plain) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(plain)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor's dot-separated parts, or null when the text is not base64.</summary>
    public static string[]? Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split('.');
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
