using System.Globalization;
using System.Text.Json;
using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Jobs;
using Faultline.Domain.Time;

namespace Faultline.Application.Analysis;

/// <summary>
/// The built-in provider: explains a window's clusters from the data alone, without a network. It reports
/// the exception type and top frame, a release or environment over-represented in the cluster compared with
/// the app (and when that release first appeared), how far the cluster's rate is above its previous day, and
/// clusters that first appeared within minutes of each other; its confidence grows with the evidence.
/// </summary>
public sealed class WindowAnalyzer(IDbConnectionFactory database)
{
    public const int MaxClusters = 10;
    /// <summary>How many of the app's events in the window, at most, stand for the app when a value's share is compared (see AppSampleSql).</summary>
    public const int AppSample = 10_000;

    private static readonly string[] DefaultAnalysisLevels = ["ERROR", "CRITICAL"];
    private static readonly TimeSpan StartedTogether = TimeSpan.FromMinutes(5);

    private const string Filter = """
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
          AND (CAST(@Levels AS text[]) IS NULL OR level = ANY(@Levels))
        """;

    private const string EventColumns = "id, fingerprint, group_id, received_at, level, name, message, stack, release, environment";

    // The window's events, of the given fingerprints (null: all): a scan of the app's window at the asked levels.
    private const string WindowEvents = "(SELECT " + EventColumns + " FROM events\n" + Filter + """

          AND (CAST(@Fingerprints AS text[]) IS NULL OR fingerprint = ANY(@Fingerprints))) AS cluster_events
        """;

    // One error group's events in the window, through its partial index: every event of the group's fingerprint
    // at WARNING or above, or of kind error, carries the group's id. The rest of the fingerprint (below WARNING, not
    // errors: no group) is only looked for when the asked levels include DEBUG or INFO; the guard on the levels alone
    // lets PostgreSQL skip that part without running it.
    private const string GroupEvents = "(SELECT " + EventColumns + " FROM events\n" + Filter + """

          AND group_id = @GroupId
        UNION ALL
        SELECT
        """ + " " + EventColumns + " FROM events\n" + Filter + """

          AND (CAST(@Levels AS text[]) IS NULL OR CAST(@Levels AS text[]) && ARRAY['DEBUG', 'INFO'])
          AND group_id IS NULL AND fingerprint = @Fingerprint AND level IN ('DEBUG', 'INFO')) AS cluster_events
        """;

    private const string ClusterSelect = """
        SELECT fingerprint AS Fingerprint, max(group_id) AS GroupId, count(*) AS Count, min(received_at) AS FirstSeenAt, max(received_at) AS LastSeenAt,
               (array_agg(message ORDER BY id DESC))[1] AS SampleMessage,
               max(CASE level WHEN 'CRITICAL' THEN 5 WHEN 'ERROR' THEN 4 WHEN 'WARNING' THEN 3 WHEN 'INFO' THEN 2 ELSE 1 END) AS LevelRank,
               (array_agg(name ORDER BY id DESC) FILTER (WHERE name IS NOT NULL))[1] AS ExceptionType,
               (array_agg(stack::text ORDER BY id DESC) FILTER (WHERE stack IS NOT NULL))[1] AS Stack
        FROM
        """;

    private const string ClusterOrder = """

        GROUP BY fingerprint
        ORDER BY count(*) DESC, fingerprint
        LIMIT @MaxClusters;
        SELECT count(*) FROM events
        """ + "\n" + Filter;

    private const string WindowClustersSql = ClusterSelect + " " + WindowEvents + ClusterOrder;

    private const string GroupClustersSql = ClusterSelect + " " + GroupEvents + ClusterOrder;

    private const string GroupSql = "SELECT id FROM error_groups WHERE app_id = @AppId AND fingerprint = @Fingerprint";

    // Each cluster's events by release and by environment, all of them, in one pass.
    private const string ClusterValues = """
        SELECT fingerprint AS Fingerprint, CASE WHEN GROUPING(release) = 0 THEN 'release' ELSE 'environment' END AS Tag,
               CASE WHEN GROUPING(release) = 0 THEN release ELSE coalesce(environment, 'default') END AS Value, count(*) AS Count
        FROM
        """;

    private const string ClusterValuesGrouping = """

        GROUP BY GROUPING SETS ((fingerprint, release), (fingerprint, coalesce(environment, 'default')))
        HAVING GROUPING(release) = 1 OR release IS NOT NULL
        """;

    private const string WindowValuesSql = ClusterValues + " " + WindowEvents + ClusterValuesGrouping;

    private const string GroupValuesSql = ClusterValues + " " + GroupEvents + ClusterValuesGrouping;

    // The app's side of a value's share: its events in the window by release and environment. Counting them all would
    // read the app's whole window. Instead each hour of the window gets a part of a sample of AppSample events in
    // proportion to its events (from the hourly rollup), taken as the newest events of each 10 minutes of the hour through
    // the (app_id, received_at) index; each hour's sampled events then stand for its events (weights in AppShares), so the
    // sample follows the traffic over the whole window however bursty. An app with at most AppSample events in the
    // window is counted whole (take null). The window's bounds, repeated as values, let the planner keep only its partitions.
    private const string AppSampleSql = """
        WITH hours AS (
            SELECT hour, CAST(sum(count) AS double precision)
                         * extract(epoch FROM least(hour + interval '1 hour', @Until) - greatest(hour, @Since)) / 3600 AS expected
            FROM event_counts_hour
            WHERE app_id = @AppId AND hour > CAST(@Since AS timestamptz) - interval '1 hour' AND hour < @Until
            GROUP BY hour
        ), plan AS (
            SELECT hour, expected,
                   CASE WHEN sum(expected) OVER () <= @AppSample THEN NULL
                        ELSE CAST(ceil(@AppSample * expected / sum(expected) OVER () / 6) AS bigint) END AS take
            FROM hours
        )
        SELECT p.hour AS Hour, CAST(p.expected AS double precision) AS Expected, p.take IS NULL AS Whole,
               e.release AS Release, coalesce(e.environment, 'default') AS Environment, count(*) AS Count
        FROM plan p
        CROSS JOIN generate_series(p.hour, p.hour + interval '50 minutes', interval '10 minutes') AS s (start)
        CROSS JOIN LATERAL (
            SELECT release, environment
            FROM events
            WHERE app_id = @AppId AND received_at >= greatest(s.start, @Since) AND received_at < least(s.start + interval '10 minutes', @Until)
              AND received_at >= @Since AND received_at < @Until
            ORDER BY received_at DESC, id DESC
            LIMIT p.take) AS e
        WHERE s.start + interval '10 minutes' > @Since AND s.start < @Until
        GROUP BY p.hour, p.expected, p.take, e.release, coalesce(e.environment, 'default')
        """;

    // A grouped cluster's history from its group: its first event ever, and its events over the day before the window,
    // whole hours from the hourly counts and the partial hours at the ends from its events (through the group's index).
    private const string GroupHistorySql = """
        SELECT g.fingerprint AS Fingerprint, g.first_seen AS FirstEver,
               coalesce((SELECT sum(c.count) FROM error_group_counts_hour c WHERE c.group_id = g.id AND c.hour >= @DayFrom AND c.hour < @DayTo), 0)
               + (SELECT count(*) FROM events e
                  WHERE e.app_id = @AppId AND e.group_id = g.id AND e.received_at >= @DayBefore AND e.received_at < @DayFrom)
               + (SELECT count(*) FROM events e
                  WHERE e.app_id = @AppId AND e.group_id = g.id AND e.received_at >= @DayTo AND e.received_at < @Since) AS DayBefore
        FROM error_groups g
        WHERE g.app_id = @AppId AND g.fingerprint = ANY(@Fingerprints)
        """;

    // A cluster without a group (log lines below WARNING) has no rollup: its events over the day before the window, and
    // its first event over the week before, from the raw events. Such events are DEBUG or INFO, which the level index narrows.
    private const string RawHistorySql = """
        SELECT fingerprint AS Fingerprint,
               count(*) FILTER (WHERE received_at >= @DayBefore AND received_at < @Since) AS DayBefore,
               min(received_at) AS FirstEver
        FROM events
        WHERE app_id = @AppId AND level IN ('DEBUG', 'INFO') AND received_at >= @WeekBefore AND received_at < @Until
          AND fingerprint = ANY(@Fingerprints)
        GROUP BY fingerprint
        """;

    // The app's anomalies overlapping the window: the spike a cluster belongs to.
    private const string AnomaliesSql = """
        SELECT kind AS Kind, severity AS Severity, ratio AS Ratio, window_start AS WindowStart, window_end AS WindowEnd
        FROM anomalies
        WHERE app_id = @AppId AND group_id IS NULL AND window_end > @Since AND window_start < @Until
        ORDER BY window_end DESC
        """;

    private const string ReleaseFirstSeenSql = """
        SELECT min(received_at) FROM events
        WHERE app_id = @AppId AND release = @Release AND received_at >= @WeekBefore AND received_at < @Until
        """;

    /// <param name="request">The window; without levels, ERROR and CRITICAL (<paramref name="allLevelsByDefault"/>: every level).</param>
    public async Task<AnalysisResult> AnalyzeAsync(JobRequest request, CancellationToken cancellationToken, bool allLevelsByDefault = false)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var levels = request.Levels.Count > 0 ? request.Levels.ToArray() : allLevelsByDefault ? null : DefaultAnalysisLevels;
        var since = request.Since.UtcDateTime;
        var until = request.Until.UtcDateTime;
        // One group's analysis reads the group's events through its index; a window's, the window at the asked levels.
        var groupId = request.Fingerprint is null
            ? null
            : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(GroupSql, new { request.AppId, request.Fingerprint }, cancellationToken: cancellationToken));
        var window = new
        {
            request.AppId, Since = since, Until = until, request.Environment, Levels = levels, MaxClusters, request.Fingerprint,
            Fingerprints = request.Fingerprint is null ? null : new[] { request.Fingerprint }, GroupId = groupId,
        };
        await using var clusterResults = await connection.QueryMultipleAsync(
            new CommandDefinition(groupId is null ? WindowClustersSql : GroupClustersSql, window, cancellationToken: cancellationToken));
        var clusters = (await clusterResults.ReadAsync<ClusterRow>()).AsList();
        var total = await clusterResults.ReadSingleAsync<long>();
        var range = new TimeRange(since, until);
        if (clusters.Count == 0)
        {
            return new AnalysisResult(range, 0, []);
        }

        var fingerprints = clusters.Select(cluster => cluster.Fingerprint).ToArray();
        var dayBefore = since.AddDays(-1);
        var dayHours = RollupSpans.Hours(TimeWindow.Create(dayBefore, since));
        var parameters = new
        {
            window.AppId, window.Since, window.Until, window.Environment, window.Levels, window.Fingerprint, window.GroupId, Fingerprints = fingerprints,
            DayBefore = dayBefore, WeekBefore = since.AddDays(-7), DayFrom = dayHours.FineFrom.UtcDateTime, DayTo = dayHours.FineTo.UtcDateTime, AppSample,
        };
        var values = (await connection.QueryAsync<ValueRow>(
            new CommandDefinition(groupId is null ? WindowValuesSql : GroupValuesSql, parameters, cancellationToken: cancellationToken))).AsList();
        var appShares = AppShares(
            (await connection.QueryAsync<AppSampleRow>(new CommandDefinition(AppSampleSql, parameters, cancellationToken: cancellationToken))).AsList(),
            request.Environment);
        var history = (await connection.QueryAsync<HistoryRow>(new CommandDefinition(GroupHistorySql, parameters, cancellationToken: cancellationToken)))
            .ToDictionary(row => row.Fingerprint);
        var ungrouped = fingerprints.Where(fingerprint => !history.ContainsKey(fingerprint)).ToArray();
        if (ungrouped.Length > 0)
        {
            foreach (var row in await connection.QueryAsync<HistoryRow>(new CommandDefinition(
                RawHistorySql, parameters with { Fingerprints = ungrouped }, cancellationToken: cancellationToken)))
            {
                history[row.Fingerprint] = row;
            }
        }

        var anomalies = (await connection.QueryAsync<AnomalyRow>(new CommandDefinition(AnomaliesSql, parameters, cancellationToken: cancellationToken))).AsList();

        var analyses = new List<ClusterAnalysis>(clusters.Count);
        foreach (var cluster in clusters)
        {
            var evidence = new Evidence();
            DescribeException(cluster, evidence);
            await DescribeOverRepresentedAsync(connection, cluster, values, appShares, parameters.AppId, parameters.WeekBefore, parameters.Until, evidence, cancellationToken);
            DescribeRate(cluster, history.GetValueOrDefault(cluster.Fingerprint), request, evidence);
            DescribeStartedTogether(cluster, clusters, history, evidence);
            DescribeAnomaly(cluster, anomalies, evidence);
            analyses.Add(new ClusterAnalysis(
                cluster.GroupId, cluster.Fingerprint, LevelName(cluster.LevelRank), cluster.Count, cluster.FirstSeenAt, cluster.LastSeenAt, cluster.SampleMessage,
                evidence.Explain(cluster), evidence.Findings));
        }

        return new AnalysisResult(range, total, analyses);
    }

    private static void DescribeException(ClusterRow cluster, Evidence evidence)
    {
        var frame = TopFrame(cluster.Stack);
        if (cluster.ExceptionType is null && frame is null)
        {
            return;
        }

        var what = cluster.ExceptionType ?? "An error";
        evidence.Add(frame is null ? $"{what} is raised." : $"{what} is raised at {frame}.", 0.1);
        evidence.Location = frame;
        evidence.ExceptionType = cluster.ExceptionType;
    }

    private static async Task DescribeOverRepresentedAsync(
        System.Data.Common.DbConnection connection, ClusterRow cluster, List<ValueRow> values, Dictionary<(string Tag, string Value), double> appShares,
        long appId, DateTime weekBefore, DateTime until,
        Evidence evidence, CancellationToken cancellationToken)
    {
        foreach (var tag in new[] { "release", "environment" })
        {
            var mine = values.Where(v => v.Fingerprint == cluster.Fingerprint && v.Tag == tag).OrderByDescending(v => v.Count).FirstOrDefault();
            if (mine is null || appShares.Count == 0)
            {
                continue;
            }

            var share = (double)mine.Count / cluster.Count;
            var appShare = appShares.GetValueOrDefault((tag, mine.Value));
            if (!OverRepresentation.Holds(share, appShare))
            {
                continue;
            }

            var sentence = $"{Percent(share)} on {tag} {mine.Value}, against {Percent(appShare)} of the app's events";
            var weight = 0.25;
            if (tag == "release")
            {
                var firstSeen = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                    ReleaseFirstSeenSql, new { AppId = appId, Release = mine.Value, WeekBefore = weekBefore, Until = until }, cancellationToken: cancellationToken));
                if (firstSeen is { } appeared && appeared <= cluster.FirstSeenAt && cluster.FirstSeenAt - appeared <= TimeSpan.FromHours(6))
                {
                    sentence += $", which first appeared {Duration(cluster.FirstSeenAt - appeared)} before the first event";
                    weight = 0.4;
                    evidence.SuspectRelease = mine.Value;
                }
            }

            evidence.Add(sentence + ".", weight * share);
            evidence.OverRepresented ??= $"{tag} {mine.Value}";
        }
    }

    /// <summary>
    /// The app's share of each release and environment in the window (and environment, when one is asked) from its
    /// sample: a sampled event stands for its hour's events in the window divided by the hour's sampled events.
    /// </summary>
    private static Dictionary<(string Tag, string Value), double> AppShares(List<AppSampleRow> sample, string? environment)
    {
        var sampledByHour = sample.GroupBy(row => row.Hour).ToDictionary(hour => hour.Key, hour => hour.Sum(row => row.Count));
        double Weight(AppSampleRow row) => row.Whole ? row.Count : row.Expected * row.Count / sampledByHour[row.Hour];
        var kept = sample.Where(row => environment is null || row.Environment == environment).ToList();
        var total = kept.Sum(Weight);
        if (total <= 0)
        {
            return [];
        }

        return kept.Where(row => row.Release is not null).Select(row => (Tag: "release", Value: row.Release!, Row: row))
            .Concat(kept.Select(row => (Tag: "environment", Value: row.Environment, Row: row)))
            .GroupBy(value => (value.Tag, value.Value))
            .ToDictionary(value => value.Key, value => value.Sum(v => Weight(v.Row)) / total);
    }

    private static void DescribeRate(ClusterRow cluster, HistoryRow? history, JobRequest request, Evidence evidence)
    {
        var hours = Math.Max((request.Until - request.Since).TotalHours, 1.0 / 60);
        var rate = cluster.Count / hours;
        var baseline = (history?.DayBefore ?? 0) / 24.0;
        if (history?.FirstEver is { } first && first >= request.Since.UtcDateTime)
        {
            evidence.Add($"New: first seen at {first:yyyy-MM-dd HH:mm} UTC, inside this window.", 0.1);
            evidence.IsNew = true;
        }
        else if (baseline > 0 && rate >= 3 * baseline && cluster.Count >= 10)
        {
            evidence.Add($"A spike: {rate:0.#} events an hour against {baseline:0.#} over the day before ({rate / baseline:0.#}×).", 0.15);
            evidence.Spike = rate / baseline;
        }
    }

    private static void DescribeStartedTogether(ClusterRow cluster, List<ClusterRow> clusters, Dictionary<string, HistoryRow> history, Evidence evidence)
    {
        if (history.GetValueOrDefault(cluster.Fingerprint)?.FirstEver is not { } first)
        {
            return;
        }

        var together = clusters
            .Where(other => other.Fingerprint != cluster.Fingerprint
                && history.GetValueOrDefault(other.Fingerprint)?.FirstEver is { } otherFirst && (otherFirst - first).Duration() <= StartedTogether)
            .Select(other => $"\"{Shorten(other.SampleMessage)}\"")
            .ToList();
        if (together.Count > 0)
        {
            evidence.Add($"Started within {StartedTogether.TotalMinutes:0} minutes of {string.Join(", ", together)}: likely one cause.", 0.1);
            evidence.Related = together.Count;
        }
    }

    private static void DescribeAnomaly(ClusterRow cluster, List<AnomalyRow> anomalies, Evidence evidence)
    {
        var during = anomalies.FirstOrDefault(a => a.WindowStart <= cluster.LastSeenAt && a.WindowEnd > cluster.FirstSeenAt);
        if (during is not null)
        {
            var what = during.Kind == "error_rate" ? "error-rate rise" : "spike";
            evidence.Add($"Part of a {during.Severity} {what} of the app ({during.Ratio:0.#}× its baseline) from {during.WindowStart:HH:mm} to {during.WindowEnd:HH:mm} UTC.", 0.05);
        }
    }

    /// <summary>The innermost frame of a stack stored as an array of frames (Sentry order: outermost first), or a text stack's first "at" line.</summary>
    private static string? TopFrame(string? stack)
    {
        if (string.IsNullOrEmpty(stack))
        {
            return null;
        }

        using var document = JsonDocument.Parse(stack);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("frames", out var nested))
        {
            root = nested;
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            var frames = root.EnumerateArray().Where(frame => frame.ValueKind == JsonValueKind.Object).ToList();
            var top = frames.LastOrDefault(frame => frame.TryGetProperty("in_app", out var inApp) && inApp.ValueKind == JsonValueKind.True);
            if (top.ValueKind != JsonValueKind.Object && frames.Count > 0)
            {
                top = frames[^1];
            }

            if (top.ValueKind == JsonValueKind.Object)
            {
                var function = Text(top, "function");
                var place = Text(top, "module") ?? Text(top, "filename") ?? Text(top, "abs_path");
                var line = top.TryGetProperty("lineno", out var number) && number.ValueKind == JsonValueKind.Number ? $":{number.GetRawText()}" : string.Empty;
                return function is null && place is null ? null : $"{function ?? "?"} ({place ?? "?"}{line})";
            }
        }

        if (root.ValueKind == JsonValueKind.String)
        {
            return root.GetString()!.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at ", StringComparison.Ordinal));
        }

        return null;
    }

    private static string? Text(JsonElement frame, string name) =>
        frame.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    internal static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    internal static string Duration(TimeSpan span) =>
        span.TotalMinutes < 1 ? "less than a minute"
        : span.TotalHours < 1 ? $"{Math.Round(span.TotalMinutes):0} minutes"
        : $"{span.TotalHours:0.#} hours";

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static string LevelName(int rank) => rank switch { 5 => "CRITICAL", 4 => "ERROR", 3 => "WARNING", 2 => "INFO", _ => "DEBUG" };

    private sealed class Evidence
    {
        private double _weight = 0.2;

        public List<string> Findings { get; } = [];

        public string? Location { get; set; }

        public string? ExceptionType { get; set; }

        public string? OverRepresented { get; set; }

        public string? SuspectRelease { get; set; }

        public double? Spike { get; set; }

        public bool IsNew { get; set; }

        public int Related { get; set; }

        public void Add(string finding, double weight)
        {
            Findings.Add(finding);
            _weight += weight;
        }

        public Explanation Explain(ClusterRow cluster)
        {
            var sample = Shorten(cluster.SampleMessage);
            var rootCause = SuspectRelease is not null
                ? $"A change in release {SuspectRelease}: the errors follow its rollout and are concentrated on it."
                : OverRepresented is not null
                    ? $"Something specific to {OverRepresented}, where these errors are concentrated."
                    : Related > 0
                        ? $"A shared cause behind \"{sample}\" and {Related} other problem(s) that started at the same time."
                        : Location is not null
                            ? $"{ExceptionType ?? "An error"} raised at {Location}."
                            : $"Repeated \"{sample}\"; the data shows no concentration on a release or environment.";
            var action = SuspectRelease is not null
                ? $"Compare release {SuspectRelease} with the one before it and roll back if the errors continue."
                : Location is not null
                    ? $"Inspect {Location} with the sample event's input."
                    : Spike is not null
                        ? "Check what changed in traffic or dependencies when the rate rose."
                        : "Open the sample event and the events around it for context.";
            var summary = $"{cluster.Count} event(s) \"{sample}\" between {cluster.FirstSeenAt:HH:mm} and {cluster.LastSeenAt:HH:mm} UTC. "
                + string.Join(" ", Findings);
            return new Explanation(rootCause, Math.Round(Math.Min(0.95, _weight), 2), summary.Trim(), action, BuiltIn.Provider, BuiltIn.Model);
        }
    }

    private sealed class ClusterRow
    {
        public string Fingerprint { get; init; } = string.Empty;

        /// <summary>The error group the cluster's events belong to; null for events below WARNING that are not errors.</summary>
        public long? GroupId { get; init; }

        public long Count { get; init; }

        public DateTime FirstSeenAt { get; init; }

        public DateTime LastSeenAt { get; init; }

        public string SampleMessage { get; init; } = string.Empty;

        public int LevelRank { get; init; }

        public string? ExceptionType { get; init; }

        public string? Stack { get; init; }
    }

    private sealed class ValueRow
    {
        public string? Fingerprint { get; init; }

        public string Tag { get; init; } = string.Empty;

        public string Value { get; init; } = string.Empty;

        public long Count { get; init; }
    }

    private sealed class AppSampleRow
    {
        public DateTime Hour { get; init; }

        /// <summary>The hour's events in the window, by the rollup (its part of the hour when the window cuts it).</summary>
        public double Expected { get; init; }

        /// <summary>Every event of the window was read: counts are exact.</summary>
        public bool Whole { get; init; }

        public string? Release { get; init; }

        public string Environment { get; init; } = string.Empty;

        public long Count { get; init; }
    }

    private sealed class AnomalyRow
    {
        public string Kind { get; init; } = string.Empty;

        public string Severity { get; init; } = string.Empty;

        public double Ratio { get; init; }

        public DateTime WindowStart { get; init; }

        public DateTime WindowEnd { get; init; }
    }

    private sealed class HistoryRow
    {
        public string Fingerprint { get; init; } = string.Empty;

        public long DayBefore { get; init; }

        public DateTime? FirstEver { get; init; }
    }
}
