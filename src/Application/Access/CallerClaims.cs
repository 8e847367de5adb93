using System.Globalization;
using System.Security.Claims;

namespace Faultline.Application.Access;

/// <summary>
/// The one translation between a <see cref="Access.Caller"/> and the claims on a principal: authentication
/// writes them with <see cref="ToPrincipal"/>; controllers, handlers, authorization and the rate limiter
/// read them with <see cref="Caller"/>. Claims are the contract, so a principal made by another scheme
/// (a JWT handler, say) is read the same way as long as it carries these claim types.
/// </summary>
public static class CallerClaims
{
    public const string Kind = "faultline:kind";
    public const string KeyId = "faultline:key_id";
    public const string AppId = "faultline:app_id";
    public const string Scope = "faultline:scope";
    public const string RateLimitPerMinute = "faultline:rate_limit_per_minute";

    /// <summary>Present when the caller is limited to the listed apps, so that "limited to none" is not read as "every app".</summary>
    public const string AppsLimited = "faultline:apps_limited";

    public static ClaimsPrincipal ToPrincipal(this Caller caller, string authenticationType)
    {
        var claims = new List<Claim>(4 + caller.Scopes.Count + (caller.Apps?.Count ?? 0))
        {
            new(Kind, KindName(caller.Kind)),
            new(ClaimTypes.Name, caller.Name),
        };
        if (caller.KeyId is { } keyId)
        {
            claims.Add(new Claim(KeyId, keyId.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var scope in caller.Scopes)
        {
            claims.Add(new Claim(Scope, scope));
        }

        if (caller.Apps is not null)
        {
            claims.Add(new Claim(AppsLimited, "true"));
        }

        foreach (var appId in caller.Apps ?? [])
        {
            claims.Add(new Claim(AppId, appId.ToString(CultureInfo.InvariantCulture)));
        }

        if (caller.RateLimitPerMinute is { } limit)
        {
            claims.Add(new Claim(RateLimitPerMinute, limit.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The authenticated caller; for code behind an authorization policy, where there always is one.</summary>
    public static Caller Caller(this ClaimsPrincipal principal) =>
        principal.FindCaller() ?? throw new InvalidOperationException("This request has no authenticated caller.");

    /// <summary>The authenticated caller, or null when nobody (or nobody Faultline knows) authenticated.</summary>
    public static Caller? FindCaller(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        CallerKind? kind = null;
        long? keyId = null;
        int? rateLimit = null;
        string name = string.Empty;
        List<string>? scopes = null;
        List<long>? apps = null;
        var appsLimited = false;
        foreach (var claim in principal.Claims)
        {
            switch (claim.Type)
            {
                case Kind:
                    kind = ParseKind(claim.Value);
                    break;
                case ClaimTypes.Name:
                    name = claim.Value;
                    break;
                case KeyId:
                    keyId = long.Parse(claim.Value, CultureInfo.InvariantCulture);
                    break;
                case Scope:
                    (scopes ??= []).Add(claim.Value);
                    break;
                case AppId:
                    (apps ??= []).Add(long.Parse(claim.Value, CultureInfo.InvariantCulture));
                    break;
                case AppsLimited:
                    appsLimited = true;
                    break;
                case RateLimitPerMinute:
                    rateLimit = int.Parse(claim.Value, CultureInfo.InvariantCulture);
                    break;
            }
        }

        return kind is null ? null : new Caller(kind.Value, keyId, name, (IReadOnlyList<string>?)scopes ?? [], appsLimited ? apps ?? [] : apps, rateLimit);
    }

    private static string KindName(CallerKind kind) => kind switch
    {
        CallerKind.Ingest => "ingest",
        CallerKind.Operator => "operator",
        CallerKind.User => "user",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A caller kind without a claim value."),
    };

    private static CallerKind? ParseKind(string value) => value switch
    {
        "ingest" => CallerKind.Ingest,
        "operator" => CallerKind.Operator,
        "user" => CallerKind.User,
        _ => null,
    };
}
