using System.Net;
using System.Security.Cryptography;
using System.Text;
using Faultline.Application.Requests;

namespace Faultline.Infrastructure.Users;

/// <summary>
/// HMAC-SHA256 under a secret derived from the token signing key (configured, or kept in the database), so
/// hashes agree across instances and restarts, and cannot be reversed by hashing all 2^32 IPv4 addresses
/// without the secret.
/// </summary>
internal sealed class ClientAddressHasher(JwtUserTokens tokens) : IClientAddressHasher
{
    private byte[]? _secret;

    public string Hash(IPAddress address)
    {
        _secret ??= tokens.DeriveSecret("faultline:client-address");
        var canonical = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
    }
}
