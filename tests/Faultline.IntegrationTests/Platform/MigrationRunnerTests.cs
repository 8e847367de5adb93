using Faultline.IntegrationTests;
using Dapper;
using Faultline.Infrastructure.Database;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Faultline.IntegrationTests.Platform;

/// <summary>The runner against a private schema of the test database, so the shared schema is untouched.</summary>
public sealed class MigrationRunnerTests
{
    private string _schema = string.Empty;
    private NpgsqlDataSource _dataSource = null!;

    [SetUp]
    public async Task CreateSchemaAsync()
    {
        _schema = "migrations_test_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await admin.ExecuteAsync($"CREATE SCHEMA {_schema}");
        }

        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { SearchPath = _schema }.ConnectionString);
    }

    [TearDown]
    public async Task DropSchemaAsync()
    {
        await _dataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(TestDatabase.ConnectionString);
        await admin.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
    }

    private MigrationRunner Runner() => new(_dataSource, NullLogger<MigrationRunner>.Instance);

    private async Task<List<(string Name, string Checksum)>> JournalAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string)>($"SELECT name, checksum FROM {MigrationRunner.JournalTable} ORDER BY name")).ToList();
    }

    [Test]
    public async Task Every_migration_is_applied_once_and_journaled_with_its_checksum()
    {
        await Runner().ApplyAsync(CancellationToken.None);
        await Runner().ApplyAsync(CancellationToken.None);

        var expected = MigrationRunner.Embedded().Select(m => (m.Name, m.Checksum)).ToList();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(await JournalAsync(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Two_instances_migrating_at_once_take_turns()
    {
        await Task.WhenAll(Runner().ApplyAsync(CancellationToken.None), Runner().ApplyAsync(CancellationToken.None));

        Assert.That((await JournalAsync()).Select(row => row.Name), Is.EqualTo(MigrationRunner.Embedded().Select(m => m.Name)));
    }

    [Test]
    public async Task An_applied_migration_that_was_edited_stops_startup()
    {
        await Runner().ApplyAsync(CancellationToken.None);
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"UPDATE {MigrationRunner.JournalTable} SET checksum = 'edited' WHERE name = '0001_create_apps.sql'");
        }

        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => Runner().ApplyAsync(CancellationToken.None));
        Assert.That(failure!.Message, Does.Contain("0001_create_apps.sql").And.Contain("edited"));
    }

    [Test]
    public void Checksums_ignore_line_ending_style()
    {
        Assert.That(Migration.From("x.sql", "SELECT 1;\r\nSELECT 2;").Checksum, Is.EqualTo(Migration.From("x.sql", "SELECT 1;\nSELECT 2;").Checksum));
        Assert.That(Migration.From("x.sql", "SELECT 1;").Checksum, Is.Not.EqualTo(Migration.From("x.sql", "SELECT 2;").Checksum));
    }
}
