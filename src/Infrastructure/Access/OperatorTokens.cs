using System.Security.Cryptography;
using System.Text;
using Dapper;
using Faultline.Application.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.Access;

/// <summary>
/// The bootstrap operator token: Faultline:AdminToken when configured; otherwise one generated at
/// first start, printed once, and kept only as a hash in the database.
/// </summary>
public sealed class OperatorTokens(IConfiguration configuration, NpgsqlDataSource dataSource, ISecretKeys secrets, ILogger<OperatorTokens> logger)
{
    public const string ConfigurationKey = "Faultline:AdminToken";
    public const string GeneratedTokenPrefix = "fl_admin_";

    private const string ReadSql = "SELECT token_hash FROM operator_bootstrap_token";

    // Two instances starting together: the first insert wins and the other reads its hash.
    private const string InsertSql = """
        INSERT INTO operator_bootstrap_token (token_hash) VALUES (@TokenHash)
        ON CONFLICT (singleton) DO NOTHING
        """;

    private byte[]? _tokenHash;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _tokenHash = Sha256(configured);
            logger.LogInformation("Operator access: the bootstrap token comes from {ConfigurationKey}", ConfigurationKey);
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        _tokenHash = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(ReadSql, cancellationToken: cancellationToken));
        if (_tokenHash is not null)
        {
            logger.LogInformation("Operator access: using the bootstrap token generated at first start (only its hash is kept)");
            return;
        }

        var generated = secrets.Generate(GeneratedTokenPrefix);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, new { TokenHash = Sha256(generated.Key) }, cancellationToken: cancellationToken));
        _tokenHash = await connection.QuerySingleAsync<byte[]>(new CommandDefinition(ReadSql, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            // The one time this token is ever shown; it is deliberately written outside structured logging
            // so that it stands out and is not shipped to a log store with a redacting pipeline in doubt.
            Console.WriteLine();
            Console.WriteLine("==================== FAULTLINE OPERATOR TOKEN (shown once) ====================");
            Console.WriteLine($"  {generated.Key}");
            Console.WriteLine("  Send it as 'Authorization: Bearer <token>'. Only its hash is stored;");
            Console.WriteLine($"  set {ConfigurationKey} (env Faultline__AdminToken) to choose your own.");
            Console.WriteLine("================================================================================");
            Console.WriteLine();
        }
    }

    /// <summary>Compares in constant time: both sides are hashed to equal-length digests first.</summary>
    public bool IsBootstrapToken(string token) =>
        _tokenHash is not null && CryptographicOperations.FixedTimeEquals(Sha256(token), _tokenHash);

    private static byte[] Sha256(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
