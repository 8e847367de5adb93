namespace Faultline.Application.Requests;

/// <summary>Client IP addresses are never stored: only a keyed hash, the same on every instance.</summary>
public interface IClientAddressHasher
{
    /// <summary>16 hex characters of HMAC-SHA256 of the address's canonical form under a server secret.</summary>
    string Hash(System.Net.IPAddress address);
}
