namespace Faultline.Application.Access;

/// <summary>
/// The tenant a credential stands for, as stored beside what it owns (saved filters): one operator key,
/// or the bootstrap admin. A signed-in user's kind adds its own prefix here.
/// </summary>
public static class Tenants
{
    public static string TenantOf(this Caller caller) => caller.KeyId is { } keyId
        ? $"{caller.Kind.ToString().ToLowerInvariant()}-key:{keyId}"
        : caller.Name;
}
