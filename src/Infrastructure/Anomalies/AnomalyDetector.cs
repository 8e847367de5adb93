using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Faultline.Infrastructure.Anomalies;

/// <summary>Faultline:Anomalies — how often the detector runs.</summary>
public sealed class AnomalyOptions
{
    public const string Section = "Faultline:Anomalies";

    /// <summary>Seconds between runs; 0 turns the background run off.</summary>
    public int IntervalSeconds { get; set; } = 60;
}

/// <summary>
/// Every minute, on one instance at a time (an advisory lock), compares the last 60 whole minutes of each app
/// with the same minutes of the previous 7 days and records what stands out: <c>spike</c> (ERROR and
/// CRITICAL events, from the minute rollup) and <c>error_rate</c> (the share of <c>request</c> events with
/// status 500 or more). An app needs a day of history first. A subject is recorded once per episode: not
/// again while a new window starts within an hour of the end of its last anomaly of that kind.
/// </summary>
public sealed class AnomalyDetector(NpgsqlDataSource dataSource, IClock clock, IOptions<AnomalyOptions> options, ILogger<AnomalyDetector> logger)
    : BackgroundService
{
    // "FaultAno": instances take turns, as with maintenance.
    private const long AdvisoryLockKey = 0x4661756c74416e6f;

    /// <summary>A rate's mean below 1% counts as 1% when the ratio is taken.</summary>
    private const double RateFloor = 0.01;

    private const int MinimumRequests = 20;

    private const string SpikeSql = """
        SELECT a.id AS AppId, s.d AS Day, coalesce(sum(m.count), 0)::float8 AS Value
        FROM apps a
        CROSS JOIN generate_series(0, @Days) AS s(d)
        LEFT JOIN event_counts_minute m
          ON m.app_id = a.id AND m.level IN ('ERROR', 'CRITICAL')
         AND m.minute >= @Start - make_interval(days => s.d) AND m.minute < @End - make_interval(days => s.d)
        WHERE a.created_at <= @Start - interval '1 day'
        GROUP BY a.id, s.d
        """;

    private const string ErrorRateSql = """
        SELECT a.id AS AppId, s.d AS Day,
               count(e.id) FILTER (WHERE e.status_code >= 500)::float8 AS Failed, count(e.id)::float8 AS Total
        FROM apps a
        CROSS JOIN generate_series(0, @Days) AS s(d)
        LEFT JOIN events e
          ON e.app_id = a.id AND e.kind = 'request'
         AND e.received_at >= @Start - make_interval(days => s.d) AND e.received_at < @End - make_interval(days => s.d)
        WHERE a.created_at <= @Start - interval '1 day'
        GROUP BY a.id, s.d
        """;

    private const string RecordSql = """
        INSERT INTO anomalies (app_id, group_id, kind, severity, observed, baseline_mean, baseline_stddev, ratio, window_start, window_end, detected_at)
        SELECT @AppId, NULL, @Kind, @Severity, @Observed, @Mean, @StdDev, @Ratio, @Start, @End, @DetectedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM anomalies
            WHERE app_id = @AppId AND group_id IS NULL AND kind = @Kind AND window_end > @Start - interval '1 hour')
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalSeconds <= 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(clock.UtcNow, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Anomaly detection failed; it will run again");
            }

            await Task.Delay(TimeSpan.FromSeconds(options.Value.IntervalSeconds), stoppingToken);
        }
    }

    /// <summary>One run as of <paramref name="now"/>: the 60 whole minutes before it. Returns how many anomalies it recorded (0 when another instance holds the run).</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: cancellationToken)))
        {
            return 0;
        }

        try
        {
            var end = new DateTime(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
            var window = new { Start = end.AddHours(-1), End = end, Days = AnomalyRules.BaselineDays };
            var recorded = 0;
            var counts = await connection.QueryAsync<(long AppId, int Day, double Value)>(new CommandDefinition(SpikeSql, window, cancellationToken: cancellationToken));
            foreach (var app in counts.GroupBy(row => row.AppId))
            {
                var observed = app.Where(row => row.Day == 0).Sum(row => row.Value);
                var (mean, stdDev) = AnomalyRules.Baseline(app.Where(row => row.Day > 0).Select(row => row.Value).ToList());
                if (AnomalyRules.IsSpike(observed, mean, stdDev))
                {
                    recorded += await RecordAsync(connection, app.Key, "spike", observed, mean, stdDev, AnomalyRules.Ratio(observed, mean), window.Start, end, cancellationToken);
                }
            }

            var rates = await connection.QueryAsync<(long AppId, int Day, double Failed, double Total)>(new CommandDefinition(ErrorRateSql, window, cancellationToken: cancellationToken));
            foreach (var app in rates.GroupBy(row => row.AppId))
            {
                var current = app.FirstOrDefault(row => row.Day == 0);
                if (current.Total < MinimumRequests || current.Failed < AnomalyRules.MinimumCount)
                {
                    continue;
                }

                var observed = current.Failed / current.Total;
                var (mean, stdDev) = AnomalyRules.Baseline(app.Where(row => row.Day > 0).Select(row => row.Total > 0 ? row.Failed / row.Total : 0).ToList());
                if (AnomalyRules.IsSpike(observed, mean, stdDev, minimumObserved: 0, floor: RateFloor))
                {
                    recorded += await RecordAsync(
                        connection, app.Key, "error_rate", observed, mean, stdDev, AnomalyRules.Ratio(observed, mean, RateFloor), window.Start, end, cancellationToken);
                }
            }

            // Per-group anomalies (a group's spike from error_group_counts_hour, new_group, regression) are not
            // detected yet; anomalies.group_id is there for them (docs/decisions/0023).
            return recorded;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<int> RecordAsync(
        NpgsqlConnection connection, long appId, string kind, double observed, double mean, double stdDev, double ratio, DateTime start, DateTime end,
        CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            AppId = appId, Kind = kind, Severity = AnomalyRules.Severity(ratio), Observed = observed, Mean = mean, StdDev = stdDev,
            Ratio = Math.Round(ratio, 3), Start = start, End = end, DetectedAt = clock.UtcNow.UtcDateTime,
        }, cancellationToken: cancellationToken));
}
