using Dapper;
using Faultline.Infrastructure.Database;
using Npgsql;

namespace Faultline.IntegrationTests.Support;

/// <summary>A database of its own on the test server, for tests that migrate, roll back or restore schemas.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _name;

    private ScratchDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var name = "scratch_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {name}");
        }

        return new ScratchDatabase(name, new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = name }.ConnectionString);
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql);
    }

    public async Task<long[]> AppliedVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<long>($"""SELECT "Version" FROM "{SchemaMigrator.VersionTable}" ORDER BY 1""")).ToArray();
    }

    /// <summary>Every column of every table and every index of the public schema, as sorted lines.</summary>
    public async Task<string[]> SchemaAsync()
    {
        const string sql = """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            ORDER BY 1
            """;
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<string>(sql)).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestDatabase.ConnectionString);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}
