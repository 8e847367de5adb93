using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Platform;

/// <summary>The migration workflow as a person runs it: Faultline's own executable with `migrate ...`.</summary>
public sealed class MigrateCommandTests
{
    private ScratchDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await ScratchDatabase.CreateAsync();

    [TearDown]
    public async Task DropDatabaseAsync() => await _database.DisposeAsync();

    private async Task<(int ExitCode, string Output)> FaultlineAsync(params string[] arguments)
    {
        var result = await FaultlineProcess.RunAsync(arguments,
            new Dictionary<string, string> { ["ConnectionStrings__Faultline"] = _database.ConnectionString }, TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.Output + result.Error);
    }

    [Test]
    public async Task Migrate_applies_status_lists_and_down_steps_back()
    {
        var applied = await FaultlineAsync("migrate");
        var downTwo = await FaultlineAsync("migrate", "down", "2");
        var status = await FaultlineAsync("migrate", "status");
        var reapplied = await FaultlineAsync("migrate");

        Assert.That(applied.ExitCode, Is.Zero, applied.Output);
        var count = KnownMigrations.Versions.Length;
        Assert.That(applied.Output, Does.Contain($"applied {count} migration(s)"));
        Assert.That(downTwo.ExitCode, Is.Zero, downTwo.Output);
        Assert.That(downTwo.Output, Does.Contain("rolled back 2 migration(s)"));
        Assert.That(status.ExitCode, Is.Zero, status.Output);
        Assert.That(status.Output, Does.Contain($"{count - 2} applied, 2 pending"));
        Assert.That(status.Output, Does.Match($@"\s{KnownMigrations.Versions[^2]}\s+pending\s"));
        Assert.That(reapplied.Output, Does.Contain("applied 2 migration(s)"));
        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(KnownMigrations.Versions));
    }

    [Test]
    public async Task An_unknown_migrate_verb_prints_the_usage_and_fails()
    {
        var result = await FaultlineAsync("migrate", "sideways");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Output, Does.Contain("usage: migrate | migrate status | migrate down [steps]"));
    }

    [Test]
    public async Task A_database_from_a_newer_Faultline_stops_startup_with_a_clear_message()
    {
        await FaultlineAsync("migrate");
        await _database.ExecuteAsync("""INSERT INTO "VersionInfo" ("Version", "AppliedOn", "Description") VALUES (99999, now(), 'from the future')""");

        var result = await FaultlineAsync();

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Output, Does.Contain("migration(s) 99999 applied").And.Contain("newer Faultline"));
    }
}
