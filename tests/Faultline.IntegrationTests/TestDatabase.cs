using Faultline.Infrastructure.Database;
using Faultline.Infrastructure.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests;

/// <summary>
/// The database the whole run shares: FAULTLINE_TEST_DB when set, otherwise a throwaway PostgreSQL
/// started from the machine's binaries, exactly as the app starts its embedded one.
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    public const string AdminToken = "test-admin-token-0123456789";

    private static EmbeddedPostgresServer? _server;
    private static string? _directory;

    public static string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The server this run started, or null when FAULTLINE_TEST_DB points at one it does not own.</summary>
    public static EmbeddedPostgresServer? OwnServer => _server;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("FAULTLINE_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
        }
        else
        {
            _directory = Path.Combine(Path.GetTempPath(), "faultline-tests-" + Guid.NewGuid().ToString("N")[..8]);
            _server = await EmbeddedPostgresServer.StartAsync(_directory, NullLogger.Instance);
            ConnectionString = _server.ConnectionString;
            await MakeThrowawayAsync();
        }

        // The schema is migrated once, before any test resets or reads it.
        await new SchemaMigrator(ConnectionString, NullLoggerFactory.Instance).ApplyAsync(CancellationToken.None);

        // Environment variables reach Program's configuration before it reads the connection string,
        // which settings applied by WebApplicationFactory would not.
        Environment.SetEnvironmentVariable("ConnectionStrings__Faultline", ConnectionString);
        Environment.SetEnvironmentVariable("Faultline__AdminToken", AdminToken);
        // Every in-process request comes from the same (unknown) address, and many tests fail
        // authentication on purpose; the rate-limit tests use an app of their own with small limits.
        Environment.SetEnvironmentVariable("Faultline__RateLimits__FailedAuthentication__PermitsPerWindow", "1000000");
        Environment.SetEnvironmentVariable("Faultline__RateLimits__Operator__PermitsPerWindow", "1000000");
        Environment.SetEnvironmentVariable("Faultline__RateLimits__SignIn__PermitsPerWindow", "1000000");
        // Tests pin the clock months back; the retention and analytics tests run maintenance and the digests themselves.
        Environment.SetEnvironmentVariable("Faultline__Retention__IntervalMinutes", "0");
        Environment.SetEnvironmentVariable("Faultline__Anomalies__IntervalSeconds", "0");
        Environment.SetEnvironmentVariable("Faultline__AnalyticsDigests__IntervalSeconds", "0");
    }

    /// <summary>
    /// A cluster that is deleted after the run need not survive an operating-system crash: without fsync a
    /// commit costs a write to the page cache, not a flush to disk. Processes may still be killed (the
    /// durability tests kill Faultline, not the machine), so nothing a test can observe changes.
    /// </summary>
    private static async Task MakeThrowawayAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ALTER SYSTEM SET fsync = off; SELECT pg_reload_conf();", connection);
        await command.ExecuteNonQueryAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await FaultlineApp.DisposeSharedAsync();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.StopAsync();
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
