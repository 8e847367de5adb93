using Dapper;
using Faultline.Application.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Faultline.Infrastructure.Analytics;

/// <summary>
/// Digests each hour once it is over (analytics_digest_build, migration 26), for every app whose analytics are read, so
/// that the product analytics summary reads a few rows per hour of its window instead of every event (docs/decisions/0037
/// and 0038). A window's hours that are not digested yet are read from the events, so a builder that is late or off
/// costs speed, never exactness.
/// </summary>
public sealed class AnalyticsDigestBuilder(
    NpgsqlDataSource dataSource, IClock clock, IOptions<AnalyticsDigestOptions> options, ILogger<AnalyticsDigestBuilder> logger) : BackgroundService
{
    // "FaultDig": instances sharing a database take turns; one that finds it taken skips the round.
    private const long AdvisoryLockKey = 0x4661756c74446967;

    // Only apps whose summary was read lately (migration 27): digesting costs in proportion to ingestion, and an app
    // nobody reads needs none. One read again resumes where its digests stopped.
    private const string AppsSql = """
        SELECT a.id
        FROM apps a
        JOIN analytics_last_read r ON r.app_id = a.id
        WHERE r.read_at > @ReadSince
        ORDER BY a.id
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalSeconds <= 0)
        {
            return; // disabled: something else (a test, an external scheduler) calls BuildOnceAsync
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BuildOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Building the analytics digests failed; it will run again");
            }

            await Task.Delay(TimeSpan.FromSeconds(options.Value.IntervalSeconds), stoppingToken);
        }
    }

    /// <summary>
    /// Digests the hours that ended more than the grace period ago of every app whose summary was read within the idle
    /// days, and tracks the users and sessions of the hours after them up to the same moment; returns how many hours it
    /// digested.
    /// </summary>
    public async Task<int> BuildOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken)))
        {
            return 0;
        }

        try
        {
            var now = clock.UtcNow.UtcDateTime;
            var until = now.AddSeconds(-options.Value.GraceSeconds);
            var readApps = await connection.QueryAsync<long>(new CommandDefinition(
                AppsSql, new { ReadSince = now.AddDays(-options.Value.IdleDays) }, cancellationToken: cancellationToken));
            var hours = 0;
            foreach (var appId in readApps)
            {
                // One app at a time, each step in its own transaction, so that a large backlog does not hold up the others.
                var parameters = new { AppId = appId, Until = until };
                hours += await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "SELECT analytics_digest_build(@AppId, @Until)", parameters, commandTimeout: 0, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT analytics_digest_track(@AppId, @Until)", parameters, commandTimeout: 0, cancellationToken: cancellationToken));
            }

            if (hours > 0)
            {
                logger.LogDebug("Digested {Hours} hours of events for the product analytics", hours);
            }

            return hours;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }
}
