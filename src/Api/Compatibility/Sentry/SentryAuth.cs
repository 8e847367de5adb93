namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// Where Sentry's SDKs put the DSN's public key: browser and Node SDKs in the <c>sentry_key</c> query
/// parameter, the others in <c>X-Sentry-Auth: Sentry sentry_key=KEY, sentry_version=7, ...</c>.
/// </summary>
internal static class SentryAuth
{
    public const string Header = "X-Sentry-Auth";
    public const string KeyParameter = "sentry_key";

    /// <summary>The presented key, or null; read for every request, so a request without either costs two lookups.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        var header = request.Headers[Header].ToString();
        if (header.Length > 0 && KeyInHeader(header) is { } fromHeader)
        {
            return fromHeader;
        }

        if (!request.QueryString.HasValue || !request.QueryString.Value!.Contains(KeyParameter, StringComparison.Ordinal))
        {
            return null;
        }

        var key = request.Query[KeyParameter].ToString().Trim();
        return key.Length > 0 ? key : null;
    }

    private static string? KeyInHeader(string header)
    {
        var fields = header.AsSpan().Trim();
        const string scheme = "Sentry ";
        if (fields.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            fields = fields[scheme.Length..];
        }

        foreach (var range in fields.Split(','))
        {
            var field = fields[range].Trim();
            var equals = field.IndexOf('=');
            if (equals > 0 && field[..equals].Trim().Equals(KeyParameter, StringComparison.OrdinalIgnoreCase))
            {
                var key = field[(equals + 1)..].Trim().Trim('"');
                return key.Length > 0 ? key.ToString() : null;
            }
        }

        return null;
    }
}
