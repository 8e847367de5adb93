using Faultline.Application.OperatorKeys;

namespace Faultline.Application.Access;

/// <summary>
/// The kinds of credential. Each is proven by its own authentication scheme, chosen by the endpoint's
/// authorization policy, so a kind is never inferred from a header or a path; a new kind (a signed-in
/// user's token) is a new member here and a new scheme.
/// </summary>
public enum CallerKind
{
    /// <summary>An app's ingest key: writes events to that app, reads nothing.</summary>
    Ingest,

    /// <summary>The bootstrap admin token or an operator key: reads and manages, within its scopes and apps.</summary>
    Operator,

    /// <summary>A signed-in user (a JWT): manages the apps they own; an ADMIN user manages every app.</summary>
    User,
}

/// <summary>
/// Who is calling, as authentication established it. Carried as claims on the request's principal
/// (<see cref="CallerClaims"/>) and read back with <c>principal.Caller()</c>.
/// </summary>
/// <param name="Kind">Which kind of credential.</param>
/// <param name="KeyId">The key's id within its kind; null for the bootstrap token.</param>
/// <param name="Name">A name for people and logs, never a secret.</param>
/// <param name="Scopes">Operator scopes ("admin", "read"); none for an ingest key.</param>
/// <param name="Apps">The only apps the credential may use; null means every app.</param>
/// <param name="RateLimitPerMinute">An ingest key's own limit; null: the configured default applies.</param>
public sealed record Caller(
    CallerKind Kind, long? KeyId, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<long>? Apps, int? RateLimitPerMinute = null)
{
    public static Caller BootstrapAdmin { get; } =
        new(CallerKind.Operator, null, "bootstrap-admin", [OperatorScopes.Admin, OperatorScopes.Read], null);

    public static Caller IngestKey(long keyId, string name, long appId, int? rateLimitPerMinute) =>
        new(CallerKind.Ingest, keyId, name, [], [appId], rateLimitPerMinute);

    public static Caller OperatorKey(long keyId, string name, IReadOnlyList<string> scopes, IReadOnlyList<long>? apps) =>
        new(CallerKind.Operator, keyId, name, scopes, apps);

    /// <summary>
    /// A signed-in user acts as an operator over the apps they own (the admin scope, limited to those apps);
    /// an ADMIN user over every app. <paramref name="userId"/> is the key id: it partitions the rate limiter.
    /// </summary>
    public static Caller User(long userId, string email, bool isAdmin, IReadOnlyList<long> ownedApps) =>
        new(CallerKind.User, userId, email, [OperatorScopes.Admin, OperatorScopes.Read], isAdmin ? null : ownedApps);

    /// <summary>The signed-in user's id; null for keys and tokens.</summary>
    public long? UserId => Kind == CallerKind.User ? KeyId : null;

    /// <summary>admin implies every other scope.</summary>
    public bool Has(string scope) => Scopes.Contains(OperatorScopes.Admin) || Scopes.Contains(scope);

    public bool MaySee(long appId) => Apps is null || Apps.Contains(appId);
}
