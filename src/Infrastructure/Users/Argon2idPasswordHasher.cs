using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Faultline.Application.Users;
using Konscious.Security.Cryptography;

namespace Faultline.Infrastructure.Users;

/// <summary>
/// Argon2id with OWASP's first recommended configuration: 19 MiB of memory, 2 iterations, 1 lane, a 16-byte
/// random salt and a 32-byte hash, stored as a PHC string
/// (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>) so that stronger parameters can be adopted later
/// without breaking stored hashes (decision record 0019).
/// </summary>
internal sealed class Argon2idPasswordHasher : IPasswordHasher
{
    public const int MemoryKib = 19_456;
    public const int Iterations = 2;
    public const int Parallelism = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verified against when there is no stored hash, so that an unknown email costs what a known one does.
    private static readonly string Decoy = Encode(RandomNumberGenerator.GetBytes(SaltBytes), MemoryKib, Iterations, Parallelism,
        Compute("decoy", RandomNumberGenerator.GetBytes(SaltBytes), MemoryKib, Iterations, Parallelism));

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return Encode(salt, MemoryKib, Iterations, Parallelism, Compute(password, salt, MemoryKib, Iterations, Parallelism));
    }

    public bool Verify(string password, string? hash)
    {
        var stored = hash is not null && TryDecode(hash, out var parsed) ? parsed : default;
        if (stored.Hash is null)
        {
            TryDecode(Decoy, out var decoy);
            Compute(password, decoy.Salt, decoy.Memory, decoy.Iterations, decoy.Parallelism);
            return false;
        }

        var computed = Compute(password, stored.Salt, stored.Memory, stored.Iterations, stored.Parallelism);
        return CryptographicOperations.FixedTimeEquals(computed, stored.Hash);
    }

    private static byte[] Compute(string password, byte[] salt, int memoryKib, int iterations, int parallelism)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKib,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon.GetBytes(HashBytes);
    }

    private static string Encode(byte[] salt, int memoryKib, int iterations, int parallelism, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={memoryKib},t={iterations},p={parallelism}${Unpadded(salt)}${Unpadded(hash)}");

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string phc, out (byte[] Salt, int Memory, int Iterations, int Parallelism, byte[]? Hash) parsed)
    {
        parsed = default;
        var parts = phc.Split('$');
        if (parts is not [_, "argon2id", "v=19", var parameters, var salt, var hash])
        {
            return false;
        }

        var values = parameters.Split(',').Select(part => part.Split('=')).ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture));
        parsed = (Padded(salt), values["m"], values["t"], values["p"], Padded(hash));
        return true;
    }

    private static byte[] Padded(string unpadded) => Convert.FromBase64String(unpadded.PadRight(unpadded.Length + ((4 - (unpadded.Length % 4)) % 4), '='));
}
