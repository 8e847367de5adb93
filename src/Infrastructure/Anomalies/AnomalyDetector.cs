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
/// Per error group, from its hourly counts: <c>spike</c> (the hour so far against the same hour of the
/// previous 7 days; a group needs a day of history), <c>new_group</c> (first seen in the last hour at ERROR
/// or above, in an app older than a day; once per group) and <c>regression</c> (a resolved group that came
/// back; once per group and <c>regressed_at</c>, which the ingest upsert sets).
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

    // Groups with at least the minimum count in the current hour and a day of history, in apps with a day of
    // history (fewer events cannot be a spike, and skipping them keeps a long tail of groups cheap). The hour
    // so far is measured against whole hours: conservative until the hour is over, and seen within a minute.
    private const string GroupSpikeSql = """
        WITH hot AS (
            SELECT g.id, g.app_id
            FROM apps a
            JOIN error_groups g ON g.app_id = a.id AND g.last_seen >= @HourStart AND g.first_seen <= @HourStart - interval '1 day'
            JOIN error_group_counts_hour c ON c.group_id = g.id AND c.hour = @HourStart AND c.count >= @MinimumCount
            WHERE a.created_at <= @Start - interval '1 day'
        )
        SELECT h.id AS GroupId, h.app_id AS AppId, s.d AS Day, coalesce(c.count, 0)::float8 AS Value
        FROM hot h
        CROSS JOIN generate_series(0, @Days) AS s(d)
        LEFT JOIN error_group_counts_hour c ON c.group_id = h.id AND c.hour = @HourStart - make_interval(days => s.d)
        """;

    // New groups and regressions not recorded yet; observed: the group's events from the hour it appeared (or
    // came back) until the window's end, against that hour of the previous 7 days. A regression is looked for
    // over a day, so a detector that was down for a while still records it.
    private const string GroupEventsSql = """
        WITH candidates AS (
            SELECT g.id, g.app_id, 'new_group' AS kind, g.first_seen AS at
            FROM apps a
            JOIN error_groups g ON g.app_id = a.id AND g.first_seen >= @Start AND g.first_seen < @End
            WHERE a.created_at <= @Start - interval '1 day' AND g.level IN ('ERROR', 'CRITICAL')
              AND NOT EXISTS (SELECT 1 FROM anomalies n WHERE n.group_id = g.id AND n.kind = 'new_group')
            UNION ALL
            SELECT g.id, g.app_id, 'regression', g.regressed_at
            FROM error_groups g
            WHERE g.regressed_at >= @End - interval '1 day' AND g.regressed_at < @End
              AND NOT EXISTS (SELECT 1 FROM anomalies n WHERE n.group_id = g.id AND n.kind = 'regression' AND n.window_start = g.regressed_at)
        )
        SELECT c.id AS GroupId, c.app_id AS AppId, c.kind AS Kind, c.at AS At, s.d AS Day, coalesce(sum(h.count), 0)::float8 AS Value
        FROM candidates c
        CROSS JOIN generate_series(0, @Days) AS s(d)
        LEFT JOIN error_group_counts_hour h
          ON h.group_id = c.id
         AND h.hour >= date_trunc('hour', c.at, 'UTC') - make_interval(days => s.d)
         AND h.hour < CASE WHEN s.d = 0 THEN @End ELSE date_trunc('hour', c.at, 'UTC') - make_interval(days => s.d) + interval '1 hour' END
        GROUP BY c.id, c.app_id, c.kind, c.at, s.d
        """;

    // Once each: a group's spike per episode as the app's, a new group once, a regression once per regressed_at (its window_start).
    private const string RecordGroupSql = """
        INSERT INTO anomalies (app_id, group_id, kind, severity, observed, baseline_mean, baseline_stddev, ratio, window_start, window_end, detected_at)
        SELECT @AppId, @GroupId, @Kind, @Severity, @Observed, @Mean, @StdDev, @Ratio, @Start, @End, @DetectedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM anomalies
            WHERE group_id = @GroupId AND kind = @Kind
              AND CASE @Kind WHEN 'spike' THEN window_end > @Start - interval '1 hour'
                             WHEN 'regression' THEN window_start = @Start
                             ELSE true END)
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

            recorded += await DetectGroupsAsync(connection, window.Start, end, cancellationToken);
            return recorded;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<int> DetectGroupsAsync(NpgsqlConnection connection, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        var lastMinute = end.AddMinutes(-1);
        var hourStart = new DateTime(lastMinute.Ticks - (lastMinute.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        var recorded = 0;
        var hours = await connection.QueryAsync<(long GroupId, long AppId, int Day, double Value)>(new CommandDefinition(
            GroupSpikeSql, new { Start = start, HourStart = hourStart, Days = AnomalyRules.BaselineDays, MinimumCount = (long)AnomalyRules.MinimumCount }, cancellationToken: cancellationToken));
        foreach (var group in hours.GroupBy(row => (row.GroupId, row.AppId)))
        {
            var observed = group.Where(row => row.Day == 0).Sum(row => row.Value);
            var (mean, stdDev) = AnomalyRules.Baseline(group.Where(row => row.Day > 0).Select(row => row.Value).ToList());
            if (AnomalyRules.IsSpike(observed, mean, stdDev))
            {
                recorded += await RecordGroupAsync(connection, group.Key.AppId, group.Key.GroupId, "spike", observed, mean, stdDev, hourStart, end, cancellationToken);
            }
        }

        var events = await connection.QueryAsync<(long GroupId, long AppId, string Kind, DateTime At, int Day, double Value)>(new CommandDefinition(
            GroupEventsSql, new { Start = start, End = end, Days = AnomalyRules.BaselineDays }, cancellationToken: cancellationToken));
        foreach (var group in events.GroupBy(row => (row.GroupId, row.AppId, row.Kind, row.At)))
        {
            var observed = group.Where(row => row.Day == 0).Sum(row => row.Value);
            var (mean, stdDev) = AnomalyRules.Baseline(group.Where(row => row.Day > 0).Select(row => row.Value).ToList());
            recorded += await RecordGroupAsync(connection, group.Key.AppId, group.Key.GroupId, group.Key.Kind, observed, mean, stdDev, group.Key.At, end, cancellationToken);
        }

        return recorded;
    }

    private async Task<int> RecordGroupAsync(
        NpgsqlConnection connection, long appId, long groupId, string kind, double observed, double mean, double stdDev, DateTime start, DateTime end,
        CancellationToken cancellationToken)
    {
        var ratio = AnomalyRules.Ratio(observed, mean);
        return await connection.ExecuteAsync(new CommandDefinition(RecordGroupSql, new
        {
            AppId = appId, GroupId = groupId, Kind = kind, Severity = AnomalyRules.Severity(ratio), Observed = observed, Mean = mean, StdDev = stdDev,
            Ratio = Math.Round(ratio, 3), Start = start, End = end, DetectedAt = clock.UtcNow.UtcDateTime,
        }, cancellationToken: cancellationToken));
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
