using System.Security.Cryptography;
using System.Text;

namespace Faultline.Api.OperatorConsole;

/// <summary>
/// The console's session: the credential the operator signed in with (a user's JWT or an operator token),
/// held in an HttpOnly, SameSite=Strict cookie so that page scripts never see it, and the anti-forgery token
/// derived from it. The session is stateless, like the API: any instance, before or after a restart,
/// accepts it for as long as the credential itself is valid (decision record 0027).
/// </summary>
internal sealed record ConsoleSession(ConsoleCredentialKind Kind, string Credential)
{
    public const string CookieName = "faultline_console";

    /// <summary>The header that carries the anti-forgery token on every change made with the cookie.</summary>
    public const string CsrfHeader = "X-Faultline-Csrf";

    /// <summary>
    /// A one-way function of the credential: a page of another origin can neither read it (the console's
    /// answers carry no CORS headers) nor compute it without the cookie, which it cannot read either.
    /// </summary>
    public string CsrfToken => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("faultline console csrf\n" + Credential)));

    public static ConsoleSession? Read(HttpRequest request)
    {
        var value = request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value) || value.Length < 3 || value[1] != '.')
        {
            return null;
        }

        var kind = value[0] switch
        {
            'u' => ConsoleCredentialKind.User,
            'o' => ConsoleCredentialKind.Operator,
            _ => (ConsoleCredentialKind?)null,
        };
        return kind is null ? null : new ConsoleSession(kind.Value, value[2..]);
    }

    public void Write(HttpResponse response) =>
        response.Cookies.Append(CookieName, (Kind == ConsoleCredentialKind.User ? "u." : "o.") + Credential, Options(response.HttpContext.Request));

    public static void Clear(HttpResponse response) => response.Cookies.Delete(CookieName, Options(response.HttpContext.Request));

    /// <summary>True when the request carries this session's anti-forgery token (compared in constant time).</summary>
    public bool IsCsrfTokenOf(HttpRequest request)
    {
        var presented = request.Headers[CsrfHeader].ToString();
        return presented.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(CsrfToken));
    }

    /// <summary>Reads and GET/HEAD/OPTIONS change nothing; every other method must prove it comes from the console's page.</summary>
    public static bool IsChange(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));

    // A session cookie (no expiry): it ends with the browser, with sign-out, or when the credential does.
    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}

internal enum ConsoleCredentialKind
{
    /// <summary>A signed-in user's JWT (password or emailed code).</summary>
    User,

    /// <summary>The bootstrap admin token or an operator key.</summary>
    Operator,
}
