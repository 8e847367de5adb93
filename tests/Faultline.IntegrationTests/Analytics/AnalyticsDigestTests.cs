using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Faultline.Infrastructure.Analytics;
using Faultline.Infrastructure.Maintenance;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Faultline.IntegrationTests.Analytics;

/// <summary>
/// The hourly digests behind one app's summary (migration 26): built only for hours that are over, exact for many
/// users per hour (where the top users must be proven or counted again), and forgotten with the events they digest.
/// </summary>
public sealed class AnalyticsDigestTests : ApiTest
{
    private static readonly DateTimeOffset DataStart = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private sealed record Sent(DateTimeOffset ReceivedAt, string Name, string? UserId, string? SessionId);

    private static string Q(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

    private static AnalyticsDigestBuilder Builder => App.Services.GetRequiredService<AnalyticsDigestBuilder>();

    private static async Task<int> BuildAtAsync(DateTimeOffset now)
    {
        App.Clock.Pin(now);
        try
        {
            return await Builder.BuildOnceAsync(CancellationToken.None);
        }
        finally
        {
            App.Clock.Release();
        }
    }

    /// <summary>An operator opens the app's summary at <paramref name="now"/>: from then on its hours are digested.</summary>
    private async Task OpenSummaryAsync(long appId, DateTimeOffset now)
    {
        App.Clock.Pin(now);
        try
        {
            await GetJsonAsync($"/api/v1/apps/{appId}/analytics/summary");
        }
        finally
        {
            App.Clock.Release();
        }
    }

    private async Task SendAsync(long appId, string key, IReadOnlyList<Sent> events)
    {
        foreach (var batch in events.GroupBy(e => e.ReceivedAt))
        {
            App.Clock.Pin(batch.Key);
            foreach (var chunk in batch.Chunk(500))
            {
                var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
                {
                    Content = Json(new { events = chunk.Select(e => new { kind = "interaction", name = e.Name, user_id = e.UserId, session_id = e.SessionId }) }),
                    Headers = { { "X-INGEST-KEY", key } },
                });
                Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
            }
        }

        App.Clock.Release();
    }

    /// <summary>Every 5 minutes over <paramref name="hours"/> hours, a batch of events by users drawn from <paramref name="user"/>.</summary>
    private static List<Sent> Draw(Random random, int hours, int perBatch, Func<Random, int> user)
    {
        var events = new List<Sent>();
        for (var at = DataStart; at < DataStart.AddHours(hours); at = at.AddMinutes(5))
        {
            for (var i = 0; i < perBatch; i++)
            {
                var userNo = user(random);
                var anonymous = random.Next(10) == 0;
                events.Add(new Sent(at.AddSeconds(random.Next(3)), $"action_{random.Next(4)}",
                    anonymous ? null : $"user_{userNo}", anonymous ? null : $"s-{userNo}-{at.Hour / 2}"));
            }
        }

        return events;
    }

    private async Task AssertSummaryMatchesAsync(long appId, IReadOnlyList<Sent> events, DateTimeOffset since, DateTimeOffset until)
    {
        var url = $"/api/v1/apps/{appId}/analytics/summary?since={Q(since)}&until={Q(until)}";
        var body = await GetJsonAsync(url);

        var selected = events.Where(e => e.ReceivedAt >= since && e.ReceivedAt < until).ToList();
        var users = selected.Where(e => e.UserId is not null).GroupBy(e => e.UserId!, StringComparer.Ordinal)
            .Select(g => (User: g.Key, Count: (long)g.Count(), Last: g.Max(e => e.ReceivedAt).UtcDateTime,
                Names: string.Join(",", g.Select(e => e.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))))
            .OrderByDescending(u => u.Count).ThenByDescending(u => u.Last).ThenBy(u => u.User, StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body["total_events"]!.GetValue<long>(), Is.EqualTo(selected.Count), url);
            Assert.That(body["unique_users"]!.GetValue<long>(), Is.EqualTo(users.Count), url);
            Assert.That(body["unique_sessions"]!.GetValue<long>(),
                Is.EqualTo(selected.Where(e => e.SessionId is not null).Select(e => e.SessionId).Distinct(StringComparer.Ordinal).Count()), url);
            Assert.That(body["top_users"]!.AsArray().Select(u => (u!["user_id"]!.GetValue<string>(), u["event_count"]!.GetValue<long>(),
                    DateTime.Parse(u["last_event_at"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                    string.Join(",", u["names"]!.AsArray().Select(n => n!.GetValue<string>())))),
                Is.EqualTo(users.Take(10).Select(u => (u.User, u.Count, u.Last, u.Names))), url);
        });
    }

    private static async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    [Test]
    public async Task An_hour_is_digested_once_it_has_been_over_for_the_grace_period()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(21);
        var events = Draw(random, 3, 4, r => r.Next(20));
        await SendAsync(appId, key, events);

        // 03:04: the hours up to 02:00 are over by more than five minutes, 02:00-03:00 is not yet; its users and
        // sessions up to 02:59 are tracked, each with the hour it was seen before, which a window ending now uses.
        await OpenSummaryAsync(appId, DataStart.AddHours(3).AddMinutes(4));
        await BuildAtAsync(DataStart.AddHours(3).AddMinutes(4));
        Assert.That(await ScalarAsync<DateTime>("SELECT built_until FROM analytics_digest_state WHERE app_id = @appId", new { appId }),
            Is.EqualTo(DataStart.AddHours(2).UtcDateTime));
        var tracked = events.Where(e => e.ReceivedAt >= DataStart.AddHours(2) && e.UserId is not null).Select(e => e.UserId).Distinct().Count();
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM analytics_live_subjects WHERE app_id = @appId AND subject = 'u'", new { appId }),
            Is.EqualTo(tracked));
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddMinutes(17), DataStart.AddHours(3));
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddHours(1).AddMinutes(59), DataStart.AddHours(2).AddMinutes(58));

        await BuildAtAsync(DataStart.AddHours(3).AddMinutes(6));
        Assert.That(await ScalarAsync<DateTime>("SELECT built_until FROM analytics_digest_state WHERE app_id = @appId", new { appId }),
            Is.EqualTo(DataStart.AddHours(3).UtcDateTime));
        Assert.That(await ScalarAsync<long>("SELECT sum(events) FROM analytics_hour_names WHERE app_id = @appId", new { appId }), Is.EqualTo(events.Count));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM analytics_live_subjects WHERE app_id = @appId", new { appId }), Is.Zero,
            "the tracked users and sessions of an hour go once it is digested");
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddMinutes(17), DataStart.AddHours(2).AddMinutes(41));
        await AssertSummaryMatchesAsync(appId, events, DataStart, DataStart.AddHours(3));
        Assert.That(await BuildAtAsync(DataStart.AddHours(3).AddMinutes(7)), Is.EqualTo(0), "an hour is digested once");
    }

    [Test]
    public async Task An_app_is_digested_only_while_its_analytics_are_read()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(61);
        var early = Draw(random, 2, 4, r => r.Next(10));
        var late = Draw(random, 2, 4, r => r.Next(10)).Select(e => e with { ReceivedAt = e.ReceivedAt.AddDays(9) }).ToList();
        var events = early.Concat(late).ToList();
        await SendAsync(appId, key, events);
        Task<long> DigestedHoursAsync() => ScalarAsync<long>("SELECT count(DISTINCT hour) FROM analytics_hour_names WHERE app_id = @appId", new { appId });

        await BuildAtAsync(DataStart.AddHours(3));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM analytics_digest_state WHERE app_id = @appId", new { appId }), Is.Zero,
            "nobody has read the app's analytics yet");

        await OpenSummaryAsync(appId, DataStart.AddHours(3));
        await BuildAtAsync(DataStart.AddHours(3));
        Assert.That(await DigestedHoursAsync(), Is.EqualTo(2), "the first round after a read digests the app's hours");

        // Nine days on, unread for more than the seven idle days: the new hours wait, and the summary reads them from the events.
        await BuildAtAsync(DataStart.AddDays(9).AddHours(3));
        Assert.That(await DigestedHoursAsync(), Is.EqualTo(2), "an app unread for the idle days is not digested");
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddMinutes(13), DataStart.AddDays(9).AddHours(3));

        await OpenSummaryAsync(appId, DataStart.AddDays(9).AddHours(3));
        await BuildAtAsync(DataStart.AddDays(9).AddHours(3));
        Assert.That(await DigestedHoursAsync(), Is.EqualTo(4), "a read resumes where the digests stopped");
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddMinutes(13), DataStart.AddDays(9).AddHours(3));
    }

    [TestCase(31, TestName = "The top users of many users per hour come from the digests when a few users are busiest")]
    [TestCase(32, TestName = "The top users of many users per hour are counted again when the digests cannot prove them")]
    public async Task Top_users_stay_exact_with_more_users_per_hour_than_the_candidate_ranks(int draw)
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(draw);
        // Skewed: a handful of users make most events, as in a real app; even: 300 users alike, so that no hour's
        // first ranks bound the rest and the summary must count from the events.
        Func<Random, int> user = draw == 31 ? r => (int)(300 * Math.Pow(r.NextDouble(), 3)) : r => r.Next(300);
        var events = Draw(random, 8, 60, user);
        await SendAsync(appId, key, events);
        await OpenSummaryAsync(appId, DataStart.AddHours(9));
        await BuildAtAsync(DataStart.AddHours(9));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM analytics_hour_users WHERE app_id = @appId AND rank > 50", new { appId }),
            Is.GreaterThan(0), "each hour must have more users than the candidate ranks");

        // Over the whole 8 hours: what no user outside each hour's first 50 ranks can exceed, against the tenth user's count.
        var bound = await ScalarAsync<long>("SELECT sum(events) FROM analytics_hour_users WHERE app_id = @appId AND rank = 50", new { appId });
        var tenth = events.Where(e => e.UserId is not null).GroupBy(e => e.UserId).Select(g => g.Count()).OrderDescending().ElementAt(9);
        Assert.That(tenth > bound, Is.EqualTo(draw == 31), $"tenth user {tenth} events, bound {bound}");
        await AssertSummaryMatchesAsync(appId, events, DataStart, DataStart.AddHours(8));
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddMinutes(23), DataStart.AddHours(6).AddMinutes(52));
        await AssertSummaryMatchesAsync(appId, events, DataStart.AddHours(1).AddMinutes(40), DataStart.AddHours(9));
    }

    [Test]
    public async Task Retention_forgets_the_digests_of_the_events_it_deletes()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(41);
        var events = Draw(random, 72, 1, r => r.Next(15));
        await SendAsync(appId, key, events);
        await OpenSummaryAsync(appId, DataStart.AddDays(3).AddHours(1));
        await BuildAtAsync(DataStart.AddDays(3).AddHours(1));
        var set = await Operator.PutAsync($"/api/v1/apps/{appId}/retention", Json(new { retention_days = 2 }));
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // On day 4 at noon, a retention of 2 days keeps what was received from the start of day 2 (DataStart + 2 days).
        App.Clock.Pin(DataStart.AddDays(4).AddHours(12));
        await App.Services.GetRequiredService<EventStoreMaintenance>().RunOnceAsync(CancellationToken.None);
        App.Clock.Release();

        var cutoff = DataStart.AddDays(2);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM analytics_hour_users WHERE app_id = @appId AND hour < @cutoff", new { appId, cutoff }), Is.Zero);
        Assert.That(await ScalarAsync<DateTime>("SELECT built_from FROM analytics_digest_state WHERE app_id = @appId", new { appId }), Is.EqualTo(cutoff.UtcDateTime));
        var kept = events.Where(e => e.ReceivedAt >= cutoff).ToList();
        await AssertSummaryMatchesAsync(appId, kept, DataStart, DataStart.AddDays(3));
        await AssertSummaryMatchesAsync(appId, kept, cutoff.AddHours(5).AddMinutes(3), DataStart.AddDays(3).AddMinutes(-10));
    }

    [Test]
    public async Task Deleting_an_app_deletes_its_digests()
    {
        var (appId, key) = await CreateAppAsync();
        await SendAsync(appId, key, Draw(new Random(51), 2, 3, r => r.Next(5)));
        await OpenSummaryAsync(appId, DataStart.AddHours(3));
        await BuildAtAsync(DataStart.AddHours(3));
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM analytics_hour_users WHERE app_id = @appId", new { appId }), Is.GreaterThan(0));

        Assert.That((await Operator.DeleteAsync($"/api/v1/apps/{appId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        foreach (var table in new[] { "analytics_digest_state", "analytics_hour_names", "analytics_hour_users", "analytics_hour_sessions", "analytics_hour_returns", "analytics_live_subjects", "analytics_last_read" })
        {
            Assert.That(await ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE app_id = @appId", new { appId }), Is.Zero, table);
        }
    }
}
