using System.Globalization;
using System.Text.Json;
using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Jobs;

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
    private static readonly string[] DefaultAnalysisLevels = ["ERROR", "CRITICAL"];
    private static readonly TimeSpan StartedTogether = TimeSpan.FromMinutes(5);

    private const string Filter = """
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
          AND (CAST(@Levels AS text[]) IS NULL OR level = ANY(@Levels))
        """;

    private const string ClustersSql = """
        SELECT fingerprint AS Fingerprint, max(group_id) AS GroupId, count(*) AS Count, min(received_at) AS FirstSeenAt, max(received_at) AS LastSeenAt,
               (array_agg(message ORDER BY id DESC))[1] AS SampleMessage,
               max(CASE level WHEN 'CRITICAL' THEN 5 WHEN 'ERROR' THEN 4 WHEN 'WARNING' THEN 3 WHEN 'INFO' THEN 2 ELSE 1 END) AS LevelRank,
               (array_agg(name ORDER BY id DESC) FILTER (WHERE name IS NOT NULL))[1] AS ExceptionType,
               (array_agg(stack::text ORDER BY id DESC) FILTER (WHERE stack IS NOT NULL))[1] AS Stack
        FROM events
        """ + "\n" + Filter + """

          AND (CAST(@Fingerprint AS text) IS NULL OR fingerprint = @Fingerprint)
        GROUP BY fingerprint
        ORDER BY count(*) DESC, fingerprint
        LIMIT @MaxClusters;
        SELECT count(*) FROM events
        """ + "\n" + Filter;

    // A cluster's events by release and environment, and the app's in the same window and environment.
    private const string ValuesSql = """
        SELECT fingerprint AS Fingerprint, 'release' AS Tag, release AS Value, count(*) AS Count
        FROM events
        """ + "\n" + Filter + """

          AND fingerprint = ANY(@Fingerprints) AND release IS NOT NULL
        GROUP BY fingerprint, release
        UNION ALL
        SELECT fingerprint, 'environment', coalesce(environment, 'default'), count(*)
        FROM events
        """ + "\n" + Filter + """

          AND fingerprint = ANY(@Fingerprints)
        GROUP BY fingerprint, coalesce(environment, 'default')
        UNION ALL
        SELECT NULL, 'release', release, count(*)
        FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until AND release IS NOT NULL
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
        GROUP BY release
        UNION ALL
        SELECT NULL, 'environment', coalesce(environment, 'default'), count(*)
        FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
        GROUP BY coalesce(environment, 'default');
        SELECT count(*) FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
        """;

    // Each cluster's events over the day before the window, and its first event over the week before.
    private const string HistorySql = """
        SELECT fingerprint AS Fingerprint,
               count(*) FILTER (WHERE received_at >= @DayBefore AND received_at < @Since) AS DayBefore,
               min(received_at) AS FirstEver
        FROM events
        WHERE app_id = @AppId AND received_at >= @WeekBefore AND received_at < @Until AND fingerprint = ANY(@Fingerprints)
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
        var window = new
        {
            request.AppId, Since = request.Since.UtcDateTime, Until = request.Until.UtcDateTime, request.Environment, Levels = levels, MaxClusters,
            request.Fingerprint,
        };
        await using var clusterResults = await connection.QueryMultipleAsync(new CommandDefinition(ClustersSql, window, cancellationToken: cancellationToken));
        var clusters = (await clusterResults.ReadAsync<ClusterRow>()).AsList();
        var total = await clusterResults.ReadSingleAsync<long>();
        var range = new TimeRange(request.Since.UtcDateTime, request.Until.UtcDateTime);
        if (clusters.Count == 0)
        {
            return new AnalysisResult(range, 0, []);
        }

        var fingerprints = clusters.Select(cluster => cluster.Fingerprint).ToArray();
        var parameters = new
        {
            window.AppId, window.Since, window.Until, window.Environment, window.Levels, Fingerprints = fingerprints,
            DayBefore = window.Since.AddDays(-1), WeekBefore = window.Since.AddDays(-7),
        };
        await using var valueResults = await connection.QueryMultipleAsync(new CommandDefinition(ValuesSql, parameters, cancellationToken: cancellationToken));
        var values = (await valueResults.ReadAsync<ValueRow>()).AsList();
        var appTotal = await valueResults.ReadSingleAsync<long>();
        var history = (await connection.QueryAsync<HistoryRow>(new CommandDefinition(HistorySql, parameters, cancellationToken: cancellationToken)))
            .ToDictionary(row => row.Fingerprint);
        var anomalies = (await connection.QueryAsync<AnomalyRow>(new CommandDefinition(AnomaliesSql, parameters, cancellationToken: cancellationToken))).AsList();

        var analyses = new List<ClusterAnalysis>(clusters.Count);
        foreach (var cluster in clusters)
        {
            var evidence = new Evidence();
            DescribeException(cluster, evidence);
            await DescribeOverRepresentedAsync(connection, cluster, values, appTotal, parameters.AppId, parameters.WeekBefore, parameters.Until, evidence, cancellationToken);
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
        System.Data.Common.DbConnection connection, ClusterRow cluster, List<ValueRow> values, long appTotal, long appId, DateTime weekBefore, DateTime until,
        Evidence evidence, CancellationToken cancellationToken)
    {
        foreach (var tag in new[] { "release", "environment" })
        {
            var mine = values.Where(v => v.Fingerprint == cluster.Fingerprint && v.Tag == tag).OrderByDescending(v => v.Count).FirstOrDefault();
            if (mine is null || appTotal == 0)
            {
                continue;
            }

            var share = (double)mine.Count / cluster.Count;
            var appShare = (double)(values.FirstOrDefault(v => v.Fingerprint is null && v.Tag == tag && v.Value == mine.Value)?.Count ?? 0) / appTotal;
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
