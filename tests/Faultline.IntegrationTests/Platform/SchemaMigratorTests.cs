using Dapper;
using Faultline.Infrastructure.Database;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Faultline.IntegrationTests.Platform;

/// <summary>FluentMigrator through Faultline's migrator, each test on a database of its own.</summary>
public sealed class SchemaMigratorTests
{
    private ScratchDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await ScratchDatabase.CreateAsync();

    [TearDown]
    public async Task DropDatabaseAsync() => await _database.DisposeAsync();

    private SchemaMigrator Migrator(MigrationSource? source = null) => new(_database.ConnectionString, NullLoggerFactory.Instance, source);

    private static long[] KnownVersions => KnownMigrations.Versions;

    [Test]
    public async Task Every_migration_is_applied_once_and_journaled()
    {
        var first = await Migrator().ApplyAsync(CancellationToken.None);
        var second = await Migrator().ApplyAsync(CancellationToken.None);

        Assert.That(KnownVersions, Is.Not.Empty);
        Assert.That(first.Select(state => state.Version), Is.EqualTo(KnownVersions));
        Assert.That(second, Is.Empty);
        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(KnownVersions));
    }

    [Test]
    public async Task Two_instances_starting_together_migrate_once()
    {
        var results = await Task.WhenAll(Migrator().ApplyAsync(CancellationToken.None), Migrator().ApplyAsync(CancellationToken.None));

        Assert.That(results.SelectMany(applied => applied).Select(state => state.Version).Order(), Is.EqualTo(KnownVersions));
        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(KnownVersions));
    }

    [Test]
    public async Task Status_lists_applied_and_pending_migrations()
    {
        var fresh = await Migrator().StatusAsync(CancellationToken.None);
        await Migrator().ApplyAsync(CancellationToken.None);
        await Migrator().RollbackAsync(1, CancellationToken.None);
        var afterOneStepBack = await Migrator().StatusAsync(CancellationToken.None);

        Assert.That(fresh.Select(state => state.Version), Is.EqualTo(KnownVersions));
        Assert.That(fresh, Has.All.Matches<MigrationState>(state => !state.IsApplied && state.Description.Length > 0));
        Assert.That(afterOneStepBack.Where(state => !state.IsApplied).Select(state => state.Version), Is.EqualTo(new[] { KnownVersions[^1] }));
    }

    [Test]
    public async Task Every_migration_steps_down_and_up_again_to_the_same_schema()
    {
        await Migrator().ApplyAsync(CancellationToken.None);
        var migrated = await _database.SchemaAsync();

        var undone = await Migrator().RollbackAsync(KnownVersions.Length, CancellationToken.None);
        var empty = await _database.SchemaAsync();
        await Migrator().ApplyAsync(CancellationToken.None);

        Assert.That(undone.Select(state => state.Version), Is.EqualTo(KnownVersions.Reverse()));
        Assert.That(empty, Is.All.Contain(SchemaMigrator.VersionTable), "only FluentMigrator's journal is left");
        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(KnownVersions));
        Assert.That(await _database.SchemaAsync(), Is.EqualTo(migrated));
    }

    [Test]
    public async Task One_step_down_undoes_only_the_newest_migration()
    {
        await Migrator().ApplyAsync(CancellationToken.None);

        var undone = await Migrator().RollbackAsync(1, CancellationToken.None);

        Assert.That(undone.Select(state => state.Version), Is.EqualTo(new[] { KnownVersions[^1] }));
        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(KnownVersions[..^1]));
    }

    [Test]
    public async Task A_database_migrated_by_a_newer_Faultline_is_refused_with_a_clear_message()
    {
        await Migrator().ApplyAsync(CancellationToken.None);
        await _database.ExecuteAsync("""INSERT INTO "VersionInfo" ("Version", "AppliedOn", "Description") VALUES (99999, now(), 'from the future')""");

        var refusal = Assert.ThrowsAsync<SchemaTooNewException>(() => Migrator().ApplyAsync(CancellationToken.None));

        Assert.That(refusal!.Message, Does.Contain("99999").And.Contain("newer Faultline"));
    }

    [Test]
    public async Task A_failing_migration_leaves_nothing_half_applied()
    {
        var source = new MigrationSource(typeof(FailingMigrations.CreateFirstTable).Assembly, typeof(FailingMigrations.CreateFirstTable).Namespace!);

        Assert.That(() => Migrator(source).ApplyAsync(CancellationToken.None), Throws.Exception);

        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(new long[] { 1 }));
        Assert.That(await _database.SchemaAsync(), Has.Some.StartsWith("first_table."));
        Assert.That(await _database.SchemaAsync(), Has.None.StartsWith("second_table."), "the failed migration's first statement was rolled back");
    }
}
