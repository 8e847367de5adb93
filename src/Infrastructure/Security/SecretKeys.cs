using System.Security.Cryptography;
using System.Text;
using Faultline.Application.Common;

namespace Faultline.Infrastructure.Security;

/// <summary>
/// Keys are 192 random bits in hex behind a recognizable prefix (so secret scanners can spot leaks).
/// With that much entropy a single SHA-256 is a sound stored form: there is nothing to brute-force,
/// and a fast hash keeps key checks cheap on the ingestion path.
/// </summary>
internal sealed class SecretKeys : ISecretKeys
{
    private const int RandomBytes = 24;
    private const int VisibleRandomCharacters = 6;

    public GeneratedSecret Generate(string kindPrefix)
    {
        var key = kindPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomBytes));
        return new GeneratedSecret(key, Hash(key), key[..(kindPrefix.Length + VisibleRandomCharacters)]);
    }

    public byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
