using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Faultline.Application.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Faultline.Infrastructure.Users;

/// <summary>
/// Signed-in users' tokens: JWTs signed with HMAC-SHA256. The key is Faultline:Jwt:SigningKey, or else one
/// generated at first start and kept in the database, so every instance and every restart accepts the
/// same tokens. Only HS256 with this key, this issuer and audience, and an unexpired lifetime pass:
/// <c>alg: none</c>, other algorithms, other keys and expired tokens are all refused alike.
/// </summary>
public sealed class JwtUserTokens(IConfiguration configuration, NpgsqlDataSource dataSource, ILogger<JwtUserTokens> logger) : IUserTokens
{
    public const string SigningKeyKey = "Faultline:Jwt:SigningKey";
    public const string LifetimeKey = "Faultline:Jwt:LifetimeMinutes";
    public const string Issuer = "faultline";
    public const string Audience = "faultline";
    private const int DefaultLifetimeMinutes = 60;
    private const int MinimumKeyBytes = 32;

    private const string ReadSql = "SELECT key FROM jwt_signing_key";

    // Two instances starting together: the first insert wins and both use its key.
    private const string InsertSql = "INSERT INTO jwt_signing_key (key) VALUES (@Key) ON CONFLICT (singleton) DO NOTHING";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private SymmetricSecurityKey? _key;

    private TimeSpan Lifetime => TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue(LifetimeKey, DefaultLifetimeMinutes)));

    /// <summary>Why a configured signing key cannot be used (too short to resist guessing), or null.</summary>
    public static string? FindProblem(string? configured) =>
        !string.IsNullOrEmpty(configured) && Encoding.UTF8.GetByteCount(configured) < MinimumKeyBytes
            ? $"{SigningKeyKey} must be at least {MinimumKeyBytes} bytes long (for example `openssl rand -hex 32`)."
            : null;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var configured = configuration[SigningKeyKey];
        if (!string.IsNullOrEmpty(configured))
        {
            _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
            logger.LogInformation("Signed-in users' tokens are signed with the key from {ConfigurationKey}", SigningKeyKey);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(ReadSql, cancellationToken: cancellationToken));
        if (stored is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new { Key = RandomNumberGenerator.GetBytes(64) }, cancellationToken: cancellationToken));
            stored = await connection.QuerySingleAsync<byte[]>(new CommandDefinition(ReadSql, cancellationToken: cancellationToken));
        }

        _key = new SymmetricSecurityKey(stored);
    }

    public IssuedToken Issue(long userId, string email, string role)
    {
        var lifetime = Lifetime;
        var now = DateTime.UtcNow;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString(CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Email, email),
                new Claim("role", role),
            ]),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, (int)lifetime.TotalSeconds);
    }

    public async Task<long?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        return result.IsValid
               && result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } subject
               && long.TryParse(subject, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? userId
            : null;
    }

    /// <summary>A secret for another purpose, derived from the signing key, so it is the same on every instance too.</summary>
    internal byte[] DeriveSecret(string purpose) => HMACSHA256.HashData(Key.Key, Encoding.UTF8.GetBytes(purpose));

    private SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The token signing key is read at startup (PrepareDatabaseAsync).");
}
