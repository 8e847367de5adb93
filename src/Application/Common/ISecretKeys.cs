namespace Faultline.Application.Common;

/// <summary>A freshly generated secret: the full key (shown once), its hash and a short display prefix.</summary>
public sealed record GeneratedSecret(string Key, byte[] Hash, string DisplayPrefix);

/// <summary>Generates and hashes secrets (ingest keys, operator tokens); only hashes are ever stored.</summary>
public interface ISecretKeys
{
    GeneratedSecret Generate(string kindPrefix);

    byte[] Hash(string key);
}
