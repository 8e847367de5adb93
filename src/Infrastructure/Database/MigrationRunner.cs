using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.Database;

/// <summary>
/// Applies the SQL files in migrations/ (embedded in this assembly) in name order, each in its own
/// transaction, under an advisory lock so that instances starting together take turns. A journal
/// keeps each file's checksum; an applied file that was edited afterwards stops startup.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    public const string JournalTable = "schema_migrations";

    // Any fixed 64-bit number works; this one spells "FaultMig".
    private const long AdvisoryLockKey = 0x4661756c744d6967;
    private const string ResourcePrefix = "migrations/";

    private const string CreateJournalSql = $"""
        CREATE TABLE IF NOT EXISTS {JournalTable} (
            name       text        PRIMARY KEY,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string AppliedSql = $"SELECT name AS Name, checksum AS Checksum FROM {JournalTable}";
    private const string RecordSql = $"INSERT INTO {JournalTable} (name, checksum) VALUES (@Name, @Checksum)";

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return Migration.From(name[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateJournalSql, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(string Name, string Checksum)>(new CommandDefinition(AppliedSql, cancellationToken: cancellationToken)))
                .ToDictionary(row => row.Name, row => row.Checksum, StringComparer.Ordinal);

            foreach (var migration in Embedded())
            {
                if (applied.TryGetValue(migration.Name, out var checksum))
                {
                    if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Name} was edited after it was applied (checksum {checksum} in the journal, {migration.Checksum} on disk). " +
                            "Applied migrations must not change: restore the file and add a new migration instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(RecordSql, new { migration.Name, migration.Checksum }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", migration.Name);
            }
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }
}

public sealed record Migration(string Name, string Sql, string Checksum)
{
    public static Migration From(string name, string sql)
    {
        // Line endings are normalized so a checkout with CRLF does not count as an edit.
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new Migration(name, normalized, checksum);
    }
}
