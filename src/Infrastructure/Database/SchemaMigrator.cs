using System.Reflection;
using Dapper;
using Faultline.Migrations;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.Database;

/// <summary>One migration and whether this database has it.</summary>
public sealed record MigrationState(long Version, string Description, DateTime? AppliedOn)
{
    public bool IsApplied => AppliedOn is not null;
}

/// <summary>Where migrations are found: an assembly and the namespace of its migration classes.</summary>
public sealed record MigrationSource(Assembly Assembly, string Namespace)
{
    public static MigrationSource Faultline { get; } = new(typeof(SqlFileMigration).Assembly, typeof(SqlFileMigration).Namespace!);
}

/// <summary>
/// Runs the migrations in migrations/ with FluentMigrator: apply, status and step back. Every operation
/// holds a PostgreSQL advisory lock, so instances starting together migrate once; each migration runs in
/// its own transaction with its version row, so a failure leaves nothing half-applied; a database that has
/// versions this build does not know (migrated by a newer Faultline) is refused.
/// </summary>
public sealed class SchemaMigrator(string connectionString, ILoggerFactory loggerFactory, MigrationSource? source = null)
{
    /// <summary>FluentMigrator's journal, left under its default name.</summary>
    public const string VersionTable = "VersionInfo";

    // Any fixed 64-bit number works; this one spells "FaultMig".
    private const long AdvisoryLockKey = 0x4661756c744d6967;

    private const string AppliedSql = """
        SELECT "Version" AS Version, "AppliedOn" AS AppliedOn
        FROM "VersionInfo"
        """;

    private readonly MigrationSource _source = source ?? MigrationSource.Faultline;
    private readonly ILogger _logger = loggerFactory.CreateLogger<SchemaMigrator>();

    /// <summary>Applies every pending migration; returns those it applied.</summary>
    public Task<IReadOnlyList<MigrationState>> ApplyAsync(CancellationToken cancellationToken) =>
        UnderLockAsync(async (connection, runner) =>
        {
            var before = await StatesAsync(connection, runner, cancellationToken);
            RefuseUnknownVersions(before);
            runner.MigrateUp();
            var after = await StatesAsync(connection, runner, cancellationToken);
            var applied = after.Where(state => state.IsApplied && before.Any(b => b.Version == state.Version && !b.IsApplied)).ToList();
            foreach (var migration in applied)
            {
                _logger.LogInformation("Applied migration {Version}: {Description}", migration.Version, migration.Description);
            }

            return (IReadOnlyList<MigrationState>)applied;
        }, cancellationToken);

    /// <summary>Every migration this build knows, and every version the database has, in order.</summary>
    public Task<IReadOnlyList<MigrationState>> StatusAsync(CancellationToken cancellationToken) =>
        UnderLockAsync((connection, runner) => StatesAsync(connection, runner, cancellationToken), cancellationToken);

    /// <summary>Runs the Down() of the newest <paramref name="steps"/> applied migrations; returns those it undid.</summary>
    public Task<IReadOnlyList<MigrationState>> RollbackAsync(int steps, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return UnderLockAsync(async (connection, runner) =>
        {
            var before = await StatesAsync(connection, runner, cancellationToken);
            RefuseUnknownVersions(before);
            var undone = before.Where(state => state.IsApplied).OrderByDescending(state => state.Version).Take(steps).ToList();
            if (undone.Count > 0)
            {
                runner.Rollback(undone.Count);
            }

            foreach (var migration in undone)
            {
                _logger.LogWarning("Rolled back migration {Version}: {Description}", migration.Version, migration.Description);
            }

            return (IReadOnlyList<MigrationState>)undone;
        }, cancellationToken);
    }

    private async Task<T> UnderLockAsync<T>(Func<NpgsqlConnection, IMigrationRunner, Task<T>> action, CancellationToken cancellationToken)
    {
        // The lock lives on a connection of its own; FluentMigrator works on its own connection meanwhile.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await LegacyJournal.CarryOverAsync(connection, _logger, cancellationToken);
            // A runner per operation, built inside the lock: FluentMigrator reads (and creates) its journal
            // when it is built, and that must not race another instance either.
            await using var services = RunnerServices();
            using var scope = services.CreateScope();
            var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
            return await action(connection, runner);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private ServiceProvider RunnerServices() =>
        new ServiceCollection()
            .AddSingleton<ILoggerFactory>(new WarningsOnlyLoggerFactory(loggerFactory))
            .AddLogging()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner
                .AddPostgres()
                .WithGlobalConnectionString(connectionString)
                .ScanIn(_source.Assembly).For.Migrations())
            .Configure<TypeFilterOptions>(filter =>
            {
                filter.Namespace = _source.Namespace;
                filter.NestedNamespaces = false;
            })
            .BuildServiceProvider(validateScopes: false);

    private static async Task<IReadOnlyList<MigrationState>> StatesAsync(NpgsqlConnection connection, IMigrationRunner runner, CancellationToken cancellationToken)
    {
        var applied = await JournalExistsAsync(connection, cancellationToken)
            ? (await connection.QueryAsync<(long Version, DateTime AppliedOn)>(new CommandDefinition(AppliedSql, cancellationToken: cancellationToken)))
                .ToDictionary(row => row.Version, row => row.AppliedOn)
            : [];
        var known = runner.MigrationLoader.LoadMigrations();
        var states = known.Values
            .Select(info => new MigrationState(info.Version, info.Description ?? info.Migration.GetType().Name,
                applied.TryGetValue(info.Version, out var appliedOn) ? appliedOn : null))
            .ToList();
        states.AddRange(applied.Where(row => !known.ContainsKey(row.Key))
            .Select(row => new MigrationState(row.Key, UnknownDescription, row.Value)));
        return states.OrderBy(state => state.Version).ToList();
    }

    private const string UnknownDescription = "(unknown to this Faultline)";

    private static void RefuseUnknownVersions(IReadOnlyList<MigrationState> states)
    {
        var unknown = states.Where(state => state.Description == UnknownDescription).Select(state => state.Version).ToList();
        if (unknown.Count > 0)
        {
            throw new SchemaTooNewException(
                $"The database has migration(s) {string.Join(", ", unknown)} applied, which this Faultline does not know: it was migrated by a newer Faultline. " +
                "Run that newer version, or step the database back with its 'migrate down' first.");
        }
    }

    private static async Task<bool> JournalExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@Name) IS NOT NULL", new { Name = $"\"{VersionTable}\"" }, cancellationToken: cancellationToken));
}

/// <summary>The database was migrated by a newer Faultline; this one must not run against it.</summary>
public sealed class SchemaTooNewException(string message) : Exception(message);
