using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.Database;

/// <summary>
/// Faultline's first migrations ran through a home-made runner that journaled each applied file
/// ("0001_create_apps.sql", ...) in <c>schema_migrations</c>. A database it created is carried over once,
/// in one transaction, into FluentMigrator's journal (version N for file NNNN_...), so it is not migrated
/// again; the old journal goes with the same commit.
/// </summary>
internal static class LegacyJournal
{
    private const string NeedsCarryOverSql = """
        SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('"VersionInfo"') IS NULL
        """;

    // The same table, index and columns FluentMigrator creates for its journal on PostgreSQL.
    private const string CarryOverSql = """
        CREATE TABLE "VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
        CREATE UNIQUE INDEX "UC_Version" ON "VersionInfo" ("Version");
        INSERT INTO "VersionInfo" ("Version", "AppliedOn", "Description")
        SELECT CAST(split_part(name, '_', 1) AS bigint), applied_at AT TIME ZONE 'UTC', regexp_replace(name, '^[0-9]+_|[.]sql$', '', 'g')
        FROM schema_migrations
        WHERE name ~ '^[0-9]+_.*[.]sql$';
        DROP TABLE schema_migrations;
        """;

    public static async Task CarryOverAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(NeedsCarryOverSql, cancellationToken: cancellationToken)))
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CarryOverSql, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Carried the earlier migrations journal (schema_migrations) over to FluentMigrator's {Table}", SchemaMigrator.VersionTable);
    }
}
