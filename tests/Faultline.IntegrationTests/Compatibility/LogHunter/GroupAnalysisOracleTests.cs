using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Faultline.Application.Analysis;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>
/// The built-in analysis against an oracle: events generated over four days, read back (with their fingerprints and
/// groups), and every cluster's count, times, sample, level and findings computed in C# from them.
/// </summary>
public sealed class GroupAnalysisOracleTests : LogHunterTest
{
    private const string Declined = "Payment gateway declined the card";
    private const string TimedOut = "Inventory lookup timed out";
    private const string Warmed = "Cache warmed";
    private const string Unavailable = "Session store unavailable";
    private const string Served = "Page {0} served";

    private static readonly string[] Levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    // A window of 6 hours that starts and ends 20 minutes past an hour, so that the day before it has partial hours at both ends.
    private static readonly DateTimeOffset Until = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(DateTime.UtcNow.Hour).AddMinutes(-40);
    private static readonly DateTimeOffset Since = Until.AddHours(-6);

    private sealed record Stored(long Id, string Fingerprint, long? GroupId, string Level, string Message, string? Release, string Environment, DateTime ReceivedAt);

    private sealed record Expected(string Fingerprint, long? GroupId, long Count, DateTime First, DateTime Last, string Sample, string Level, List<string> Findings);

    private async Task PostAtAsync(long appId, string key, DateTimeOffset at, IEnumerable<(string Kind, string Level, string Message, string Release, string Environment)> events)
    {
        App.Clock.Pin(at);
        var body = events.Select(e => (object)new { kind = e.Kind, level = e.Level, message = e.Message, release = e.Release, environment = e.Environment, occurred_at = at.ToString("O") });
        foreach (var chunk in body.Chunk(1_000))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch") { Content = Json(new { events = chunk }) };
            request.Headers.Add("X-INGEST-KEY", key);
            var response = await Anonymous.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }
    }

    private static IEnumerable<(string, string, string, string, string)> Repeat(int count, Func<int, (string, string, string, string, string)> make) =>
        Enumerable.Range(0, count).Select(make);

    /// <summary>
    /// Four days of a shop: card declines that follow release 2.1 and spike against the day before, timeouts on staging, log lines
    /// below WARNING (the declines are logged, and their INFO lines share their fingerprint but belong to no group), a problem new in the window, and page views.
    /// </summary>
    private async Task<long> ShopAsync()
    {
        var (appId, key) = await CreateAppAsync("shop");
        await PostAtAsync(appId, key, Since.AddDays(-3), Repeat(2, _ => ("log", "ERROR", Declined, "2.0", "prod")));
        await PostAtAsync(appId, key, Since.AddDays(-3).AddHours(2), Repeat(2, _ => ("error", "ERROR", TimedOut, "2.0", "staging")));
        await PostAtAsync(appId, key, Since.AddDays(-3).AddHours(4), Repeat(2, _ => ("log", "INFO", Warmed, "2.0", "prod")));
        // The day before the window: 3 declines just before it (not counted), 2 in its first partial hour, 3 in a whole hour,
        // 1 in its last partial hour; the declines' INFO log lines belong to no group.
        await PostAtAsync(appId, key, Since.AddDays(-1).AddMinutes(-5), Repeat(3, _ => ("log", "ERROR", Declined, "2.0", "prod")));
        await PostAtAsync(appId, key, Since.AddDays(-1).AddMinutes(10), Repeat(2, _ => ("log", "ERROR", Declined, "2.0", "prod"))
            .Concat(Repeat(4, _ => ("log", "INFO", Declined, "2.0", "prod"))));
        await PostAtAsync(appId, key, Since.AddHours(-12), Repeat(3, _ => ("log", "CRITICAL", Declined, "2.0", "prod"))
            .Concat(Repeat(40, _ => ("error", "ERROR", TimedOut, "2.0", "staging"))).Concat(Repeat(30, i => ("log", "DEBUG", Warmed, "2.0", "prod"))));
        await PostAtAsync(appId, key, Since.AddMinutes(-10), Repeat(1, _ => ("log", "CRITICAL", Declined, "2.0", "prod")));

        for (var slot = 0; slot < 12; slot++)
        {
            var events = Repeat(8, i => ("log", i % 3 == 0 ? "CRITICAL" : "ERROR", Declined, (slot * 8 + i) % 7 == 3 ? "2.0" : "2.1", "prod"))
                .Concat(Repeat(2, i => ("log", "INFO", Declined, "2.1", "prod")))
                .Concat(Repeat(1, _ => ("log", "WARNING", Declined, "2.1", "prod")))
                .Concat(Repeat(5, i => ("error", "ERROR", TimedOut, (slot + i) % 5 == 0 ? "2.1" : "2.0", (slot * 5 + i) % 10 == 0 ? "prod" : "staging")))
                .Concat(Repeat(10, i => ("log", i % 2 == 0 ? "DEBUG" : "INFO", Warmed, (slot + i) % 5 == 0 ? "2.1" : "2.0", (slot + i) % 5 == 1 ? "staging" : "prod")))
                .Concat(Repeat(slot >= 6 ? 3 : 0, i => ("error", "ERROR", Unavailable, i == 0 ? "2.0" : "2.1", "prod")))
                .Concat(Repeat(15, i => ("interaction", "INFO", string.Format(CultureInfo.InvariantCulture, Served, slot * 15 + i), i % 4 == 0 ? "2.1" : "2.0",
                    i % 7 == 0 ? "staging" : "prod")));
            await PostAtAsync(appId, key, Since.AddMinutes(15 + 30 * slot), events);
        }

        App.Clock.Pin(Until.AddMinutes(5));
        return appId;
    }

    private async Task<List<Stored>> StoredAsync(long appId)
    {
        var events = new List<Stored>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync($"/api/v1/apps/{appId}/events?limit=50" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            events.AddRange(page["items"]!.AsArray().Select(item => new Stored(
                item!["id"]!.GetValue<long>(), item["fingerprint"]!.GetValue<string>(), item["group_id"]?.GetValue<long>(), item["level"]!.GetValue<string>(),
                item["message"]!.GetValue<string>(), item["release"]?.GetValue<string>(), item["environment"]?.GetValue<string>() ?? "default",
                item["received_at"]!.GetValue<DateTime>().ToUniversalTime())));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return events;
    }

    /// <summary>What the built-in analysis should find, computed from the stored events by the rules the README gives.</summary>
    private static (long Total, List<Expected> Clusters) Oracle(List<Stored> all, string? fingerprint, string[] levels, string? environment)
    {
        var since = Since.UtcDateTime;
        var until = Until.UtcDateTime;
        bool InWindow(Stored e) => e.ReceivedAt >= since && e.ReceivedAt < until && (environment is null || e.Environment == environment);
        var window = all.Where(InWindow).ToList();
        var asked = window.Where(e => levels.Contains(e.Level)).ToList();
        var clusters = asked.Where(e => fingerprint is null || e.Fingerprint == fingerprint)
            .GroupBy(e => e.Fingerprint)
            .OrderByDescending(c => c.Count()).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(WindowAnalyzer.MaxClusters)
            .Select(c => c.ToList())
            .ToList();
        Assert.That(clusters.Select(c => c.Count).Distinct().Count(), Is.EqualTo(clusters.Count), "the generated clusters have distinct sizes, so their order is certain");

        DateTime? FirstEver(string print)
        {
            var grouped = all.Where(e => e.Fingerprint == print && e.GroupId is not null).ToList();
            return grouped.Count > 0
                ? grouped.Min(e => e.ReceivedAt)
                : all.Where(e => e.Fingerprint == print && e.ReceivedAt >= since.AddDays(-7) && e.ReceivedAt < until).Select(e => (DateTime?)e.ReceivedAt).Min();
        }

        long DayBefore(string print)
        {
            var grouped = all.Any(e => e.Fingerprint == print && e.GroupId is not null);
            return all.Count(e => e.Fingerprint == print && (!grouped || e.GroupId is not null) && e.ReceivedAt >= since.AddDays(-1) && e.ReceivedAt < since);
        }

        var firsts = clusters.ToDictionary(c => c[0].Fingerprint, c => FirstEver(c[0].Fingerprint));
        var expected = new List<Expected>();
        foreach (var cluster in clusters)
        {
            var print = cluster[0].Fingerprint;
            var latest = cluster.MaxBy(e => e.Id)!;
            var firstSeen = cluster.Min(e => e.ReceivedAt);
            var findings = new List<string>();
            foreach (var tag in new[] { "release", "environment" })
            {
                Func<Stored, string?> of = tag == "release" ? e => e.Release : e => e.Environment;
                var top = cluster.Where(e => of(e) is not null).GroupBy(of).OrderByDescending(g => g.Count()).ToList();
                if (top.Count == 0)
                {
                    continue;
                }

                Assert.That(top.Count == 1 || top[0].Count() != top[1].Count(), Is.True, $"no tie for the top {tag} of {print}");
                var share = (double)top[0].Count() / cluster.Count;
                var appShare = (double)window.Count(e => of(e) == top[0].Key) / window.Count;
                if (OverRepresentation.Holds(share, appShare))
                {
                    var sentence = $"{Percent(share)} on {tag} {top[0].Key}, against {Percent(appShare)} of the app's events";
                    if (tag == "release")
                    {
                        var appeared = all.Where(e => e.Release == top[0].Key && e.ReceivedAt >= since.AddDays(-7) && e.ReceivedAt < until).Min(e => e.ReceivedAt);
                        if (appeared <= firstSeen && firstSeen - appeared <= TimeSpan.FromHours(6))
                        {
                            sentence += $", which first appeared {Duration(firstSeen - appeared)} before the first event";
                        }
                    }

                    findings.Add(sentence + ".");
                }
            }

            var rate = cluster.Count / (until - since).TotalHours;
            var baseline = DayBefore(print) / 24.0;
            if (firsts[print] is { } first && first >= since)
            {
                findings.Add($"New: first seen at {first:yyyy-MM-dd HH:mm} UTC, inside this window.");
            }
            else if (baseline > 0 && rate >= 3 * baseline && cluster.Count >= 10)
            {
                findings.Add($"A spike: {rate:0.#} events an hour against {baseline:0.#} over the day before ({rate / baseline:0.#}×).");
            }

            if (firsts[print] is { } mine)
            {
                var together = clusters.Where(other => other[0].Fingerprint != print && firsts[other[0].Fingerprint] is { } theirs && (theirs - mine).Duration() <= TimeSpan.FromMinutes(5))
                    .Select(other => $"\"{other.MaxBy(e => e.Id)!.Message}\"").ToList();
                if (together.Count > 0)
                {
                    findings.Add($"Started within 5 minutes of {string.Join(", ", together)}: likely one cause.");
                }
            }

            expected.Add(new Expected(print, cluster.Max(e => e.GroupId), cluster.Count, firstSeen, cluster.Max(e => e.ReceivedAt), latest.Message,
                Levels[cluster.Max(e => Array.IndexOf(Levels, e.Level))], findings));
        }

        return (asked.Count, expected);
    }

    private static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes < 1 ? "less than a minute" : span.TotalHours < 1 ? $"{Math.Round(span.TotalMinutes):0} minutes" : $"{span.TotalHours:0.#} hours";

    private async Task<JsonNode> AnalyzeAsync(object request)
    {
        var response = await Operator.PostAsync("/api/v1/analyze", Json(request));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var job = await ScratchHosts.FinishedAsync(Operator, (await ReadJsonAsync(response))["data"]!["poll_url"]!.GetValue<string>());
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("completed"), job.ToJsonString());
        return job["result"]!;
    }

    private static void AssertAgrees(JsonNode result, (long Total, List<Expected> Clusters) oracle)
    {
        var actual = result["clusters"]!.AsArray().Select(c => new Expected(
            c!["fingerprint"]!.GetValue<string>(), c["cluster_id"]?.GetValue<long>(), c["count"]!.GetValue<long>(), c["first_seen_at"]!.GetValue<DateTime>().ToUniversalTime(),
            c["last_seen_at"]!.GetValue<DateTime>().ToUniversalTime(), c["sample_message"]!.GetValue<string>(), c["level"]!.GetValue<string>(),
            c["findings"]!.AsArray().Select(f => f!.GetValue<string>()).ToList())).ToList();
        Assert.That(result["total"]!.GetValue<long>(), Is.EqualTo(oracle.Total));
        Assert.That(actual.Select(Describe), Is.EqualTo(oracle.Clusters.Select(Describe)));
    }

    private static string Describe(Expected c) =>
        $"{c.Fingerprint} group {c.GroupId} {c.Count} events {c.First:O}..{c.Last:O} [{c.Level}] \"{c.Sample}\": {string.Join(" | ", c.Findings)}";

    [Test]
    public async Task The_analysis_of_a_group_and_of_a_window_agree_with_an_oracle_over_the_stored_events()
    {
        var appId = await ShopAsync();
        var stored = await StoredAsync(appId);
        var declined = stored.First(e => e.Message == Declined && e.GroupId is not null);
        Assert.That(stored.Where(e => e.Fingerprint == declined.Fingerprint && e.GroupId is null), Is.Not.Empty,
            "the declines' log lines share their fingerprint without belonging to the group");
        var start = Since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var end = Until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string[] errors = ["ERROR", "CRITICAL"];

        var group = await AnalyzeAsync(new { service = "shop", start, end, cluster_id = declined.GroupId });
        var oracle = Oracle(stored, declined.Fingerprint, errors, null);
        AssertAgrees(group, oracle);
        Assert.That(oracle.Clusters.Single().Findings, Has.Some.StartsWith("A spike").And.Some.Contains("on release 2.1"), "the data makes the findings worth checking");

        AssertAgrees(await AnalyzeAsync(new { service = "shop", @namespace = "prod", start, end, cluster_id = declined.GroupId }),
            Oracle(stored, declined.Fingerprint, errors, "prod"));
        AssertAgrees(await AnalyzeAsync(new { service = "shop", start, end, cluster_id = declined.GroupId, levels = Levels }),
            Oracle(stored, declined.Fingerprint, Levels, null));

        var everything = Oracle(stored, null, Levels, null);
        AssertAgrees(await AnalyzeAsync(new { service = "shop", start, end, levels = Levels }), everything);
        Assert.That(everything.Clusters.SelectMany(c => c.Findings), Has.Some.StartsWith("New:").And.Some.Contains("on environment staging"));
        Assert.That(everything.Clusters.Select(c => c.GroupId), Has.Some.Null, "a cluster of log lines without a group is analysed too");
    }

    [Test]
    public async Task Past_the_sample_size_the_apps_share_of_a_release_is_that_of_the_whole_window_not_of_its_latest_events()
    {
        var (appId, key) = await CreateAppAsync("busy");
        var since = Until.AddHours(-24);
        // 20 bursts of 700 page views on release 3.0, then 10 of 250 on 3.1 with 6 checkout failures each: the app's latest
        // 10,000 events are a quarter on 3.1, its whole window 15%.
        long all = 0, onNew = 0;
        for (var slot = 0; slot < 30; slot++)
        {
            var late = slot >= 20;
            var events = Repeat(late ? 250 : 700, i => ("interaction", "INFO", string.Format(CultureInfo.InvariantCulture, Served, i), late ? "3.1" : "3.0", "prod"))
                .Concat(Repeat(late ? 6 : 0, _ => ("error", "ERROR", "Checkout failed", "3.1", "prod")))
                .ToList();
            await PostAtAsync(appId, key, since.AddMinutes(25 + 47 * slot), events);
            all += events.Count;
            onNew += events.Count(e => e.Item4 == "3.1");
        }

        App.Clock.Pin(Until.AddMinutes(5));
        Assert.That(all, Is.GreaterThan(WindowAnalyzer.AppSample), "the app's events are sampled");
        var group = (await GetJsonAsync($"/api/v1/apps/{appId}/groups"))["items"]!.AsArray().Single()!["id"]!.GetValue<long>();
        var result = await AnalyzeAsync(new
        {
            service = "busy", cluster_id = group,
            start = since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            end = Until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });

        var cluster = result["clusters"]!.AsArray().Single()!;
        Assert.That(cluster["count"]!.GetValue<long>(), Is.EqualTo(60));
        var finding = cluster["findings"]!.AsArray().Select(f => f!.GetValue<string>()).Single(f => f.StartsWith("100% on release 3.1, against ", StringComparison.Ordinal));
        var appPercent = int.Parse(System.Text.RegularExpressions.Regex.Match(finding, @"against (\d+)% of the app's events").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(appPercent, Is.InRange(100.0 * onNew / all - 2, 100.0 * onNew / all + 2), finding);
    }
}
