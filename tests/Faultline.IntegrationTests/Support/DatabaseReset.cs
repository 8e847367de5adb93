using Faultline.IntegrationTests;
using Dapper;
using Npgsql;

namespace Faultline.IntegrationTests.Support;

/// <summary>Empties every table but the migrations journal, as Respawn would.</summary>
public static class DatabaseReset
{
    private const string TablesSql = """
        SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)
        FROM pg_tables
        WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
        """;

    public static async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var tables = (await connection.QueryAsync<string>(TablesSql)).ToList();
        if (tables.Count > 0)
        {
            await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE");
        }
    }

    public static async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }
}
