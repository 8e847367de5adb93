using Dapper;
using Faultline.Infrastructure.Database;
using Npgsql;
using Respawn;
using Respawn.Graph;

namespace Faultline.IntegrationTests.Support;

/// <summary>Empties every table but FluentMigrator's journal before each test, with Respawn.</summary>
public static class DatabaseReset
{
    // Respawn lists every table, daily partitions included; a partition that retention dropped would make
    // its TRUNCATE fail, and emptying a partitioned table empties its partitions anyway. So it resets the
    // top-level tables only, read once from the migrated schema.
    private const string TopLevelTablesSql = """
        SELECT c.relname
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        """;

    private static Respawner? _respawner;

    public static async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        _respawner ??= await CreateRespawnerAsync(connection);
        await _respawner.ResetAsync(connection);
    }

    public static async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    private static async Task<Respawner> CreateRespawnerAsync(NpgsqlConnection connection)
    {
        var tables = (await connection.QueryAsync<string>(TopLevelTablesSql))
            .Where(name => name != SchemaMigrator.VersionTable)
            .Select(name => new Table("public", name))
            .ToArray();
        return await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = [new Table("public", SchemaMigrator.VersionTable)],
            TablesToInclude = tables,
            // Identities restart, so the first app of every test is app 1, as the documented examples say.
            WithReseed = true,
        });
    }
}
