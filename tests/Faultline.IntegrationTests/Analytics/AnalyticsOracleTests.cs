using System.Globalization;
using System.Text.Json.Nodes;
using Faultline.Infrastructure.Analytics;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Analytics;

/// <summary>
/// Random events at known receipt times; the canonical summary, the Frontend Monitoring summary and the Event
/// Processor metrics must equal a plain GROUP BY / COUNT(DISTINCT) over the same events, computed again in C#.
/// </summary>
public sealed class AnalyticsOracleTests : ApiTest
{
    private static readonly DateTimeOffset DataStart = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Kinds = ["error", "performance", "interaction", "custom"];
    private static readonly string[] Names = ["click", "Click", "page_view", "TypeError", "LCP", "checkout_done", "a%b"];
    private static readonly string?[] Users = [null, "u1", "U1", "user_2", "alice(admin)", "bob", "carol", "dave_x", "erin", "u10", "u11"];
    private static readonly string?[] Sessions = [null, "s1", "s2", "s3", "s4", "s5", "s6", "s7"];

    private sealed record Sent(DateTimeOffset ReceivedAt, string Kind, string Name, string? UserId, string? SessionId);

    /// <param name="random">The draw.</param>
    /// <param name="spread">How far after DataStart events are received.</param>
    /// <param name="requests">How many batches are sent.</param>
    /// <param name="digested">Whether the hours are digested afterwards, so that summaries read the digests.</param>
    private async Task<(long AppId, List<Sent> Events)> SendEventsAsync(Random random, TimeSpan spread, int requests, bool digested = false)
    {
        var (appId, key) = await CreateAppAsync("oracle");
        var events = new List<Sent>();
        for (var request = 0; request < requests; request++)
        {
            var receivedAt = DataStart.AddMilliseconds(random.NextInt64((long)spread.TotalMilliseconds));
            var batch = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => new Sent(
                receivedAt,
                Kinds[Math.Min(random.Next(Kinds.Length), random.Next(Kinds.Length))],
                Names[Math.Min(random.Next(Names.Length), random.Next(Names.Length))],
                Users[random.Next(Users.Length)],
                Sessions[random.Next(Sessions.Length)])).ToList();
            App.Clock.Pin(receivedAt);
            var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
            {
                Content = Json(new { events = batch.Select(e => new { kind = e.Kind, name = e.Name, user_id = e.UserId, session_id = e.SessionId }) }),
                Headers = { { "X-INGEST-KEY", key } },
            });
            Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
            events.AddRange(batch);
        }

        if (digested)
        {
            // An operator reads the app's analytics, so the builder digests it.
            App.Clock.Pin(DataStart + spread + TimeSpan.FromHours(1));
            await GetJsonAsync($"/api/v1/apps/{appId}/analytics/summary");
            Assert.That(await App.Services.GetRequiredService<AnalyticsDigestBuilder>().BuildOnceAsync(CancellationToken.None), Is.GreaterThan(0));
        }

        App.Clock.Release();
        return (appId, events);
    }

    private static string Q(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

    private static DateTime Utc(JsonNode? node) => DateTime.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private sealed record Expected(
        long Total, long Users, long Sessions, DateTime? First, DateTime? Latest,
        List<(string Key, long Count)> ByKind, List<(string Key, long Count)> ByName, List<(string User, long Count, DateTime Last, string[] Names)> TopUsers);

    private static Expected Oracle(IEnumerable<Sent> selected, int topNames)
    {
        var events = selected.ToList();
        var users = events.Where(e => e.UserId is not null).GroupBy(e => e.UserId!, StringComparer.Ordinal)
            .Select(g => (User: g.Key, Count: (long)g.Count(), Last: g.Max(e => e.ReceivedAt).UtcDateTime,
                Names: g.Select(e => e.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()))
            .ToList();
        return new Expected(
            events.Count,
            users.Count,
            events.Where(e => e.SessionId is not null).Select(e => e.SessionId).Distinct(StringComparer.Ordinal).Count(),
            events.Count == 0 ? null : events.Min(e => e.ReceivedAt).UtcDateTime,
            events.Count == 0 ? null : events.Max(e => e.ReceivedAt).UtcDateTime,
            events.GroupBy(e => e.Kind).Select(g => (g.Key, (long)g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList(),
            events.GroupBy(e => e.Name, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count()))
                .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).Take(topNames).ToList(),
            users.OrderByDescending(u => u.Count).ThenByDescending(u => u.Last).ThenBy(u => u.User, StringComparer.Ordinal).Take(10).ToList());
    }

    [TestCase(1, false)]
    [TestCase(2, false)]
    [TestCase(3, false)]
    [TestCase(1, true)]
    [TestCase(12, true)]
    [TestCase(13, true)]
    public async Task The_canonical_summary_matches_the_oracle_for_random_windows_and_filters(int draw, bool digested)
    {
        var random = new Random(draw);
        var (appId, events) = await SendEventsAsync(random, TimeSpan.FromDays(2), 60, digested);
        var withEvents = 0;

        for (var round = 0; round < 8; round++)
        {
            var since = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(1.5).TotalMilliseconds) - 3_600_000);
            var until = since.AddMilliseconds(1 + random.NextInt64((long)TimeSpan.FromDays(1.5).TotalMilliseconds));
            var kind = round % 4 == 1 ? Kinds[random.Next(Kinds.Length)] : null;
            var name = round % 4 == 2 ? Names[random.Next(Names.Length)] : null;
            var user = round % 4 == 3 ? new[] { "u1", "_", "(", "%", "A" }[random.Next(5)] : null;
            var url = $"/api/v1/apps/{appId}/analytics/summary?since={Q(since)}&until={Q(until)}"
                + (kind is null ? string.Empty : $"&kind={kind}")
                + (name is null ? string.Empty : $"&name={Uri.EscapeDataString(name)}")
                + (user is null ? string.Empty : $"&user={Uri.EscapeDataString(user)}");

            var body = await GetJsonAsync(url);

            var expected = Oracle(events.Where(e => e.ReceivedAt >= since && e.ReceivedAt < until
                && (kind is null || e.Kind == kind) && (name is null || e.Name == name)
                && (user is null || (e.UserId?.Contains(user, StringComparison.OrdinalIgnoreCase) ?? false))), 10);
            var context = $"round {round}: {url}";
            withEvents += expected.Total > 0 ? 1 : 0;
            Assert.Multiple(() =>
            {
                Assert.That(body["total_events"]!.GetValue<long>(), Is.EqualTo(expected.Total), context);
                Assert.That(body["unique_users"]!.GetValue<long>(), Is.EqualTo(expected.Users), context);
                Assert.That(body["unique_sessions"]!.GetValue<long>(), Is.EqualTo(expected.Sessions), context);
                Assert.That(body["avg_events_per_user"]!.GetValue<double>(),
                    Is.EqualTo(expected.Users == 0 ? 0 : Math.Round((double)expected.Total / expected.Users, 2)), context);
                Assert.That(body["first_event_at"] is null ? (DateTime?)null : Utc(body["first_event_at"]), Is.EqualTo(expected.First), context);
                Assert.That(body["latest_event_at"] is null ? (DateTime?)null : Utc(body["latest_event_at"]), Is.EqualTo(expected.Latest), context);
                Assert.That(body["by_kind"]!.AsArray().Select(g => (g!["kind"]!.GetValue<string>(), g["count"]!.GetValue<long>())), Is.EqualTo(expected.ByKind), context);
                Assert.That(body["by_name"]!.AsArray().Select(g => (g!["name"]!.GetValue<string>(), g["count"]!.GetValue<long>())), Is.EqualTo(expected.ByName), context);
                Assert.That(body["by_kind"]!.AsArray().Select(g => g!["percentage"]!.GetValue<double>()),
                    Is.EqualTo(expected.ByKind.Select(g => Math.Round(g.Count * 100.0 / expected.Total, 2))), context);
                Assert.That(body["top_users"]!.AsArray().Select(u => (u!["user_id"]!.GetValue<string>(), u["event_count"]!.GetValue<long>(), Utc(u["last_event_at"]),
                        string.Join(",", u["names"]!.AsArray().Select(n => n!.GetValue<string>())))),
                    Is.EqualTo(expected.TopUsers.Select(u => (u.User, u.Count, u.Last, string.Join(",", u.Names)))), context);
            });
        }

        Assert.That(withEvents, Is.GreaterThan(3), "most windows must hold events, or the comparison proves little");
    }

    [TestCase(4, "15m", false)]
    [TestCase(5, "1h", false)]
    [TestCase(6, "24h", false)]
    [TestCase(7, "7d", false)]
    [TestCase(14, "1h", true)]
    [TestCase(15, "24h", true)]
    [TestCase(16, "7d", true)]
    public async Task Event_processor_metrics_match_the_oracle_for_random_moments(int draw, string timeRange, bool digested)
    {
        var random = new Random(draw);
        var spread = timeRange switch { "15m" => TimeSpan.FromMinutes(40), "1h" => TimeSpan.FromHours(3), "24h" => TimeSpan.FromDays(2), _ => TimeSpan.FromDays(10) };
        var (range, step) = timeRange switch
        {
            "15m" => (TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1)),
            "1h" => (TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)),
            "24h" => (TimeSpan.FromDays(1), TimeSpan.FromMinutes(15)),
            _ => (TimeSpan.FromDays(7), TimeSpan.FromHours(1)),
        };
        var (appId, events) = await SendEventsAsync(random, spread, 50, digested);
        var withEvents = 0;

        for (var round = 0; round < 4; round++)
        {
            var now = DataStart.AddMilliseconds(random.NextInt64((long)spread.TotalMilliseconds));
            var eventType = round == 1 ? Names[random.Next(Names.Length)] : null;
            var userId = round == 2 ? "u1" : null;
            App.Clock.Pin(now);
            // One app's metrics are the ones the digests and the count rollups answer.
            var url = $"/api/v1/analytics/metrics?timeRange={timeRange}"
                + (digested ? $"&appId={appId}" : string.Empty)
                + (eventType is null ? string.Empty : $"&eventType={Uri.EscapeDataString(eventType)}")
                + (userId is null ? string.Empty : $"&userId={userId}");

            var data = (await GetJsonAsync(url))["data"]!;

            var since = now - range;
            var selected = events.Where(e => e.ReceivedAt >= since && e.ReceivedAt < now
                && (eventType is null || e.Name == eventType)
                && (userId is null || (e.UserId?.Contains(userId, StringComparison.OrdinalIgnoreCase) ?? false))).ToList();
            var expected = Oracle(selected, int.MaxValue);
            var firstBucket = new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)).AddTicks((since - new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks / step.Ticks * step.Ticks);
            var expectedSeries = new List<(DateTime, long)>();
            for (var bucket = firstBucket; bucket < now; bucket += step)
            {
                var end = bucket + step;
                expectedSeries.Add((bucket.UtcDateTime, selected.Count(e => e.ReceivedAt >= bucket && e.ReceivedAt < end)));
            }

            var context = $"round {round}: {url} at {now:O}";
            withEvents += expected.Total > 0 ? 1 : 0;
            Assert.Multiple(() =>
            {
                Assert.That(data["totalEvents"]!.GetValue<long>(), Is.EqualTo(expected.Total), context);
                Assert.That(data["uniqueUsers"]!.GetValue<long>(), Is.EqualTo(expected.Users), context);
                Assert.That(data["uniqueSessions"]!.GetValue<long>(), Is.EqualTo(expected.Sessions), context);
                Assert.That(data["avgEventsPerUser"]!.GetValue<double>(),
                    Is.EqualTo(expected.Users == 0 ? 0 : Math.Round((double)expected.Total / expected.Users, 2)), context);
                Assert.That(data["eventsByType"]!.AsArray().Select(g => (g!["eventType"]!.GetValue<string>(), g["count"]!.GetValue<long>(), g["percentage"]!.GetValue<double>())),
                    Is.EqualTo(expected.ByName.Select(g => (g.Key, g.Count, Math.Round(g.Count * 100.0 / expected.Total, 1)))), context);
                Assert.That(data["topUsers"]!.AsArray().Select(u => (u!["userId"]!.GetValue<string>(), u["eventCount"]!.GetValue<long>(), Utc(u["lastEventAt"]))),
                    Is.EqualTo(expected.TopUsers.Select(u => (u.User, u.Count, u.Last))), context);
                Assert.That(data["eventsOverTime"]!.AsArray().Select(b => (Utc(b!["timestamp"]), b["count"]!.GetValue<long>())), Is.EqualTo(expectedSeries), context);
            });
        }

        Assert.That(withEvents, Is.GreaterThan(1), "most windows must hold events, or the comparison proves little");
    }

    [Test]
    public async Task The_frontend_monitoring_summary_and_grouped_series_match_the_oracle()
    {
        var random = new Random(8);
        var (appId, events) = await SendEventsAsync(random, TimeSpan.FromDays(3), 60);
        var since = DataStart.AddHours(7);
        var until = DataStart.AddDays(2).AddMinutes(13);

        var summary = await GetJsonAsync($"/api/stats/project/{appId}/summary?start={Q(since)}&end={Q(until)}");
        var series = await GetJsonAsync($"/api/v1/apps/{appId}/stats/timeseries?since={Q(since)}&until={Q(until)}&interval=hour&group_by=name");

        var selected = events.Where(e => e.ReceivedAt >= since && e.ReceivedAt < until).ToList();
        var expected = Oracle(selected, 10);
        Assert.That(summary["total_events"]!.GetValue<long>(), Is.EqualTo(expected.Total));
        Assert.That(summary["unique_users"]!.GetValue<long>(), Is.EqualTo(expected.Users));
        Assert.That(summary["counts_by_type"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()),
            Is.EquivalentTo(expected.ByKind.ToDictionary(g => g.Key, g => g.Count)));
        var buckets = series["series"]!.AsArray();
        Assert.That(buckets.Sum(b => b!["count"]!.GetValue<long>()), Is.EqualTo(expected.Total));
        foreach (var bucket in buckets)
        {
            var start = Utc(bucket!["bucket_start"]);
            var inBucket = selected.Where(e => e.ReceivedAt.UtcDateTime >= start && e.ReceivedAt.UtcDateTime < start.AddHours(1)).ToList();
            var counts = bucket["counts"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
            Assert.That(counts, Is.EquivalentTo(inBucket.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count())), start.ToString("O"));
        }
    }
}
