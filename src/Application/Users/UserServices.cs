namespace Faultline.Application.Users;

/// <summary>Argon2id password hashes as PHC strings (decision record 0019).</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="hash"/>. A null hash (no such user, or a
    /// user without a password) still costs one full hash, so that the answer takes the same time.
    /// </summary>
    bool Verify(string password, string? hash);
}

/// <summary>Refuses guessable passwords.</summary>
public interface IPasswordStrength
{
    /// <summary>Why the password is too weak, as a sentence for a person; null when it is strong enough.</summary>
    string? Weakness(string password, IReadOnlyList<string> personalWords);
}

/// <summary>A signed-in user's token.</summary>
public sealed record IssuedToken(string Token, int ExpiresInSeconds);

/// <summary>Issues and checks signed-in users' tokens (JWT, HS256).</summary>
public interface IUserTokens
{
    IssuedToken Issue(long userId, string email, string role);

    /// <summary>The user a token was issued to, or null for a token that is forged, expired or malformed.</summary>
    Task<long?> ValidateAsync(string token);
}

/// <summary>Delivers a sign-in code: by email when a mail server is configured, else to the log (development).</summary>
public interface ISignInCodeSender
{
    Task SendAsync(string email, string code, CancellationToken cancellationToken);
}

/// <summary>Keyed hashes of sign-in codes, so that a stolen table cannot be brute-forced (a code has only a million values).</summary>
public interface ISignInCodeHasher
{
    byte[] Hash(string email, string code);
}
