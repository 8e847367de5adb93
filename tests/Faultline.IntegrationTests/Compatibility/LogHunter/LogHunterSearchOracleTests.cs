using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>
/// Random log lines at known receipt times, searched over random windows (whole days, whole hours and the partial
/// hours at the edges), levels, namespaces and keywords: the total must equal the matching lines counted in C#,
/// however the search counts them, and the clusters must count the newest matching lines, all of them up to the
/// sample's size.
/// </summary>
public sealed class LogHunterSearchOracleTests : LogHunterTest
{
    private static readonly DateTimeOffset DataStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] LevelNames = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    // Words only (no numbers, ids or quotes), so that every message is its own template and fingerprint.
    private static readonly string[] Messages =
    [
        "Payment TIMEOUT upstream", "payment declined", "disk full on primary", "Login failed for admin",
        "upstream timeout while reading", "cache miss storm", "slow query on orders", "Timeouts everywhere",
    ];

    private static readonly string[] Keywords = ["timeout", "PAYMENT", "upstream", "full on", "o", "no such words", "eout whi"];

    private sealed record Line(long Id, DateTimeOffset ReceivedAt, string Level, string Message, string? Environment);

    private async Task<List<Line>> SendAsync(long appId, string key, DateTimeOffset at, IReadOnlyList<(string Level, string Message, string? Environment)> lines)
    {
        App.Clock.Pin(at);
        var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
        {
            Content = Json(new { events = lines.Select(l => new { occurred_at = at, level = l.Level, message = l.Message, environment = l.Environment }) }),
            Headers = { { "X-INGEST-KEY", key } },
        });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var ids = (await ReadJsonAsync(response))["ids"]!.AsArray().Select(id => id!.GetValue<long>()).ToList();
        return lines.Select((l, i) => new Line(ids[i], at, l.Level, l.Message, l.Environment)).ToList();
    }

    private async Task<JsonNode> SearchAsync(object body)
    {
        var response = await Operator.PostAsync("/api/v1/search", Json(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["data"]!;
    }

    private static string Rfc3339(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The newest first, as the search orders them.</summary>
    private static List<Line> Newest(IEnumerable<Line> lines) => lines.OrderByDescending(l => l.ReceivedAt).ThenByDescending(l => l.Id).ToList();

    private static void AssertClusters(JsonNode data, IReadOnlyList<Line> clustered, string context)
    {
        var expected = clustered.GroupBy(l => l.Message, StringComparer.Ordinal).Select(g => (Message: g.Key, Count: (long)g.Count())).OrderBy(c => c.Message, StringComparer.Ordinal);
        var actual = data["clusters"]!.AsArray().Select(c => (Message: c!["sample_message"]!.GetValue<string>(), Count: c["count"]!.GetValue<long>())).OrderBy(c => c.Message, StringComparer.Ordinal);
        Assert.That(actual, Is.EqualTo(expected), context);
        Assert.That(data["clustered_lines"]!.GetValue<long>(), Is.EqualTo(clustered.Count), context);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task The_total_and_the_clusters_match_the_lines_counted_again_for_random_windows_levels_namespaces_and_keywords(int draw)
    {
        var random = new Random(draw);
        var (appId, key) = await CreateAppAsync("payments-api");
        var sent = new List<Line>();
        for (var batch = 0; batch < 60; batch++)
        {
            // Whole milliseconds: PostgreSQL keeps microseconds, so the oracle sees exactly what is stored.
            var at = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(3).TotalMilliseconds));
            var lines = Enumerable.Range(0, 1 + random.Next(12)).Select(_ => (
                LevelNames[random.Next(LevelNames.Length)],
                Messages[Math.Min(random.Next(Messages.Length), random.Next(Messages.Length))],
                random.Next(3) == 0 ? "production" : (string?)null)).ToList();
            sent.AddRange(await SendAsync(appId, key, at, lines));
        }

        App.Clock.Release();
        for (var round = 0; round < 12; round++)
        {
            // Windows from a few minutes to three days, so that some hold whole days, most whole hours, all partial ones.
            var since = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(2.5).TotalMilliseconds) - 3_600_000);
            var until = since.AddMilliseconds(60_000 + random.NextInt64((long)TimeSpan.FromDays(2.5).TotalMilliseconds));
            var levels = round % 3 == 1 ? LevelNames.Where(_ => random.Next(2) == 0).ToArray() : [];
            var keyword = round % 4 == 3 ? null : Keywords[random.Next(Keywords.Length)];
            var ns = round % 5 == 4 ? (random.Next(2) == 0 ? "production" : "default") : null;
            var limit = 1 + random.Next(40);
            var matching = Newest(sent.Where(l =>
                l.ReceivedAt >= since && l.ReceivedAt < until
                && (levels.Length == 0 || levels.Contains(l.Level))
                && (ns is null || (l.Environment ?? "default") == ns)
                && (keyword is null || l.Message.Contains(keyword, StringComparison.OrdinalIgnoreCase))));
            var context = $"{since:O}..{until:O} levels={string.Join(',', levels)} keyword={keyword} namespace={ns} limit={limit}";

            var data = await SearchAsync(new
            {
                service = "payments-api", start = Rfc3339(since), end = Rfc3339(until), levels = levels.Length == 0 ? null : levels,
                keyword, @namespace = ns, limit,
            });

            Assert.That(data["total"]!.GetValue<long>(), Is.EqualTo(matching.Count), context);
            Assert.That(data["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()), Is.EqualTo(matching.Take(limit).Select(l => l.Id)), context);
            AssertClusters(data, matching, context);
        }
    }

    [Test]
    public async Task Past_ten_thousand_matching_lines_the_clusters_count_the_newest_ten_thousand_and_the_total_all_of_them()
    {
        var (appId, key) = await CreateAppAsync("payments-api");
        var sent = new List<Line>();
        // Twelve batches an hour and a quarter apart, so the window holds whole hours and partial ones.
        for (var batch = 0; batch < 12; batch++)
        {
            var at = DataStart.AddMinutes(75 * batch + 7).AddMilliseconds(batch);
            var messages = batch < 5 ? Messages.Take(4).ToArray() : Messages.Skip(2).ToArray();
            sent.AddRange(await SendAsync(appId, key, at, Enumerable.Range(0, 1000).Select(i => ("ERROR", messages[i % messages.Length], (string?)null)).ToList()));
        }

        App.Clock.Release();
        var data = await SearchAsync(new { service = "payments-api", start = Rfc3339(DataStart), end = Rfc3339(DataStart.AddDays(1)), keyword = "I", limit = 1000 });

        var matching = Newest(sent.Where(l => l.Message.Contains('i', StringComparison.OrdinalIgnoreCase)));
        Assert.That(matching, Has.Count.GreaterThan(10_000), "the test must go past the sample");
        Assert.That(data["total"]!.GetValue<long>(), Is.EqualTo(matching.Count));
        Assert.That(data["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()), Is.EqualTo(matching.Take(1000).Select(l => l.Id)));
        AssertClusters(data, matching.Take(10_000).ToList(), "the newest 10,000");
    }
}
