using System.Globalization;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Stats;

/// <summary>
/// Random events at known receipt times, and the answers computed again in C#: every statistics
/// endpoint must agree with the oracle, empty buckets and level filters included.
/// </summary>
public sealed class StatsOracleTests : ApiTest
{
    private static readonly DateTimeOffset DataStart = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] LevelNames = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
    private static readonly string[] Messages = ["timeout", "null reference", "disk full", "login failed", "slow query", "SELECT 1; --"];

    private sealed record Sent(DateTimeOffset ReceivedAt, string Level, string Message);

    private async Task<(long AppId, List<Sent> Events)> SeedAsync(Random random, int count, TimeSpan spread)
    {
        var (appId, key) = await CreateAppAsync("oracle");
        var events = new List<Sent>();
        for (var i = 0; i < count; i++)
        {
            // Whole milliseconds: PostgreSQL keeps microseconds, so the oracle sees exactly what is stored.
            var receivedAt = DataStart.AddMilliseconds(random.NextInt64((long)spread.TotalMilliseconds));
            // Skewed so that counts differ between levels and messages.
            var level = LevelNames[Math.Min(random.Next(5), random.Next(5))];
            var message = Messages[Math.Min(random.Next(Messages.Length), random.Next(Messages.Length))];
            App.Clock.Pin(receivedAt);
            await IngestOkAsync(appId, key, EventBody(message: message, level: level));
            events.Add(new Sent(receivedAt, level, message));
        }

        App.Clock.Release();
        return (appId, events);
    }

    private static string Q(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

    private static DateTime Truncate(string interval, DateTime local) => interval switch
    {
        "MINUTE" => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0),
        "HOUR" => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0),
        "DAY" => local.Date,
        "WEEK" => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
        "MONTH" => new DateTime(local.Year, local.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    private static DateTime Next(string interval, DateTime bucket) => interval switch
    {
        "MINUTE" => bucket.AddMinutes(1),
        "HOUR" => bucket.AddHours(1),
        "DAY" => bucket.AddDays(1),
        "WEEK" => bucket.AddDays(7),
        "MONTH" => bucket.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    private static List<(DateTime BucketStart, long Count)> ExpectedSeries(
        IEnumerable<Sent> events, DateTimeOffset since, DateTimeOffset until, string interval, string? level, TimeZoneInfo zone)
    {
        DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var counts = events
            .Where(e => e.ReceivedAt >= since && e.ReceivedAt < until && (level is null || e.Level == level))
            .GroupBy(e => Truncate(interval, Local(e.ReceivedAt)))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var result = new List<(DateTime, long)>();
        var localUntil = Local(until);
        for (var bucket = Truncate(interval, Local(since)); bucket < localUntil; bucket = Next(interval, bucket))
        {
            var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(bucket, DateTimeKind.Unspecified), zone);
            result.Add((utc, counts.GetValueOrDefault(bucket)));
        }

        return result;
    }

    [TestCase(1, "UTC")]
    [TestCase(2, "Europe/Warsaw")]
    [TestCase(3, "Asia/Kolkata")]
    [TestCase(4, "America/New_York")]
    public async Task Timeseries_matches_the_oracle_for_random_windows_intervals_and_levels(int seed, string tz)
    {
        var random = new Random(seed);
        var (appId, events) = await SeedAsync(random, 150, TimeSpan.FromDays(3));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);

        foreach (var interval in new[] { "MINUTE", "HOUR", "DAY", "WEEK", "MONTH" })
        {
            for (var round = 0; round < 3; round++)
            {
                var since = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(2).TotalMilliseconds) - 3_600_000);
                var until = since.AddMilliseconds(1 + random.NextInt64((long)TimeSpan.FromDays(2).TotalMilliseconds));
                var level = round == 1 ? LevelNames[random.Next(5)] : null;
                var url = $"/apps/{appId}/stats/timeseries?since={Q(since)}&until={Q(until)}&interval={interval.ToLowerInvariant()}&tz={Uri.EscapeDataString(tz)}"
                    + (level is null ? string.Empty : $"&level={level}");

                var body = await GetJsonAsync(url);

                var actual = body["series"]!.AsArray()
                    .Select(b => (DateTime.Parse(b!["bucket_start"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), b["count"]!.GetValue<long>()))
                    .ToList();
                var expected = ExpectedSeries(events, since, until, interval, level, zone);
                Assert.That(actual, Is.EqualTo(expected), $"{interval} {since:O}..{until:O} level={level} tz={tz}");
                Assert.That(body["interval"]!.GetValue<string>(), Is.EqualTo(interval));
            }
        }
    }

    [Test]
    public async Task A_window_without_events_gives_a_dense_series_of_zeros()
    {
        var (appId, _) = await CreateAppAsync();

        var body = await GetJsonAsync($"/apps/{appId}/stats/timeseries?since=2026-02-10T00:00:00Z&until=2026-02-11T00:00:00Z&interval=HOUR");

        var series = body["series"]!.AsArray();
        Assert.That(series, Has.Count.EqualTo(24));
        Assert.That(series.Select(b => b!["count"]!.GetValue<long>()), Is.All.EqualTo(0));
        Assert.That(series[0]!["bucket_start"]!.GetValue<string>(), Is.EqualTo("2026-02-10T00:00:00Z"));
        Assert.That(series[23]!["bucket_start"]!.GetValue<string>(), Is.EqualTo("2026-02-10T23:00:00Z"));
        Assert.That(body["since"]!.GetValue<string>(), Is.EqualTo("2026-02-10T00:00:00Z"));
        Assert.That(body["until"]!.GetValue<string>(), Is.EqualTo("2026-02-11T00:00:00Z"));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Counts_by_level_match_the_oracle_most_frequent_first(int seed)
    {
        var random = new Random(seed);
        var (appId, events) = await SeedAsync(random, 120, TimeSpan.FromDays(2));

        for (var round = 0; round < 4; round++)
        {
            var since = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(1).TotalMilliseconds));
            var until = since.AddMilliseconds(1 + random.NextInt64((long)TimeSpan.FromDays(1.5).TotalMilliseconds));

            var body = await GetJsonAsync($"/apps/{appId}/stats/by-level?since={Q(since)}&until={Q(until)}");

            var items = body["items"]!.AsArray().Select(i => (Level: i!["level"]!.GetValue<string>(), Count: i["count"]!.GetValue<long>())).ToList();
            var expected = events.Where(e => e.ReceivedAt >= since && e.ReceivedAt < until)
                .GroupBy(e => e.Level).ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.That(items.ToDictionary(i => i.Level, i => i.Count), Is.EquivalentTo(expected));
            Assert.That(items.Select(i => i.Count), Is.Ordered.Descending);
            Assert.That(items.Select(i => i.Count), Is.All.GreaterThan(0));
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Counts_by_kind_match_the_oracle_with_their_shares(int seed)
    {
        var random = new Random(seed);
        var kinds = new[] { "error", "log", "performance", "custom" };
        var (appId, key) = await CreateAppAsync("kinds");
        var events = new List<(DateTimeOffset ReceivedAt, string Kind)>();
        for (var i = 0; i < 100; i++)
        {
            var receivedAt = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(2).TotalMilliseconds));
            var kind = kinds[Math.Min(random.Next(kinds.Length), random.Next(kinds.Length))];
            App.Clock.Pin(receivedAt);
            await IngestOkAsync(appId, key, new { occurred_at = "2026-02-10T10:00:00Z", kind, level = "INFO", message = $"{kind} {i % 3}" });
            events.Add((receivedAt, kind));
        }

        App.Clock.Release();
        for (var round = 0; round < 4; round++)
        {
            var since = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(1).TotalMilliseconds));
            var until = since.AddMilliseconds(1 + random.NextInt64((long)TimeSpan.FromDays(1.5).TotalMilliseconds));

            var body = await GetJsonAsync($"/api/v1/apps/{appId}/stats/by-kind?since={Q(since)}&until={Q(until)}");

            var inWindow = events.Where(e => e.ReceivedAt >= since && e.ReceivedAt < until).ToList();
            var expected = inWindow.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
            var items = body["items"]!.AsArray()
                .Select(i => (Kind: i!["kind"]!.GetValue<string>(), Count: i["count"]!.GetValue<long>(), Percentage: i["percentage"]!.GetValue<double>()))
                .ToList();
            Assert.That(items.ToDictionary(i => i.Kind, i => i.Count), Is.EquivalentTo(expected));
            Assert.That(items.Select(i => i.Count), Is.Ordered.Descending);
            Assert.That(body["total"]!.GetValue<long>(), Is.EqualTo(inWindow.Count));
            foreach (var item in items)
            {
                Assert.That(item.Percentage, Is.EqualTo(Math.Round(item.Count * 100.0 / inWindow.Count, 2)).Within(0.001));
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Top_messages_match_the_oracle_by_count_then_last_seen(int seed)
    {
        var random = new Random(seed);
        var (appId, events) = await SeedAsync(random, 120, TimeSpan.FromDays(2));

        for (var round = 0; round < 4; round++)
        {
            var since = DataStart.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(1).TotalMilliseconds));
            var until = since.AddMilliseconds(1 + random.NextInt64((long)TimeSpan.FromDays(1.5).TotalMilliseconds));
            var level = round % 2 == 0 ? null : LevelNames[random.Next(4)];
            var limit = 1 + random.Next(6);

            var body = await GetJsonAsync($"/apps/{appId}/stats/top-messages?since={Q(since)}&until={Q(until)}&limit={limit}"
                + (level is null ? string.Empty : $"&level={level}"));

            var actual = body["items"]!.AsArray()
                .Select(i => (i!["message"]!.GetValue<string>(), i["count"]!.GetValue<long>(),
                    DateTime.Parse(i["last_seen"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))
                .ToList();
            var expected = events
                .Where(e => e.ReceivedAt >= since && e.ReceivedAt < until && (level is null || e.Level == level))
                .GroupBy(e => e.Message)
                .Select(g => (g.Key, (long)g.Count(), g.Max(e => e.ReceivedAt).UtcDateTime))
                .OrderByDescending(x => x.Item2).ThenByDescending(x => x.Item3)
                .Take(limit)
                .ToList();
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(body["limit"]!.GetValue<int>(), Is.EqualTo(limit));
        }
    }

    [Test]
    public async Task Windows_default_to_the_last_24_hours()
    {
        var (appId, key) = await CreateAppAsync();
        var now = new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);
        App.Clock.Pin(now.AddHours(-25));
        await IngestOkAsync(appId, key, EventBody(message: "old"));
        App.Clock.Pin(now.AddHours(-1));
        await IngestOkAsync(appId, key, EventBody(message: "recent"));
        App.Clock.Pin(now);

        var top = await GetJsonAsync($"/apps/{appId}/stats/top-messages");
        var levels = await GetJsonAsync($"/apps/{appId}/stats/by-level");
        var series = await GetJsonAsync($"/apps/{appId}/stats/timeseries");

        Assert.That(top["items"]!.AsArray().Select(i => i!["message"]!.GetValue<string>()), Is.EqualTo(new[] { "recent" }));
        Assert.That(levels["items"]![0]!["count"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(levels["since"]!.GetValue<string>(), Is.EqualTo("2026-02-28T12:30:00Z"));
        Assert.That(series["interval"]!.GetValue<string>(), Is.EqualTo("HOUR"));
        Assert.That(series["series"]!.AsArray().Sum(b => b!["count"]!.GetValue<long>()), Is.EqualTo(1));
    }

    [TestCase("timeseries?interval=FORTNIGHT", "VALIDATION_ERROR")]
    [TestCase("timeseries?since=2026-02-10T00:00:00Z&until=2026-02-01T00:00:00Z", "INVALID_TIME_RANGE")]
    [TestCase("timeseries?since=2026-02-10T00:00:00Z&until=2026-02-10T00:00:00Z", "INVALID_TIME_RANGE")]
    [TestCase("timeseries?since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00Z&interval=MINUTE", "INVALID_TIME_RANGE")]
    [TestCase("timeseries?tz=Mars/Olympus", "VALIDATION_ERROR")]
    [TestCase("timeseries?level=LOUD", "VALIDATION_ERROR")]
    [TestCase("timeseries?since=not-a-time", "VALIDATION_ERROR")]
    [TestCase("by-level?since=2026-02-10T00:00:00Z&until=2026-02-09T00:00:00Z", "INVALID_TIME_RANGE")]
    [TestCase("by-level?until=garbage", "VALIDATION_ERROR")]
    [TestCase("top-messages?limit=0", "VALIDATION_ERROR")]
    [TestCase("top-messages?limit=101", "VALIDATION_ERROR")]
    [TestCase("top-messages?limit=ten", "VALIDATION_ERROR")]
    [TestCase("top-messages?level=nope", "VALIDATION_ERROR")]
    public async Task Bad_statistics_parameters_are_a_400(string pathAndQuery, string code)
    {
        var (appId, _) = await CreateAppAsync();
        await AssertErrorAsync(await Operator.GetAsync($"/apps/{appId}/stats/{pathAndQuery}"), System.Net.HttpStatusCode.BadRequest, code);
    }

    [Test]
    public async Task Exactly_10000_buckets_are_allowed()
    {
        var (appId, _) = await CreateAppAsync();
        var until = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var since = until.AddMinutes(-10_000);

        var body = await GetJsonAsync($"/apps/{appId}/stats/timeseries?since={Q(since)}&until={Q(until)}&interval=MINUTE");

        Assert.That(body["series"]!.AsArray(), Has.Count.EqualTo(10_000));
    }

    [TestCase("timeseries")]
    [TestCase("by-level")]
    [TestCase("top-messages")]
    public async Task Statistics_of_an_unknown_app_are_not_found(string stat)
    {
        await AssertErrorAsync(await Operator.GetAsync($"/apps/31337/stats/{stat}"), System.Net.HttpStatusCode.NotFound, "APP_NOT_FOUND");
    }
}
