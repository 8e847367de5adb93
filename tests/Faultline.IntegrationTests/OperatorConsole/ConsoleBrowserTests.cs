using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Faultline.Infrastructure.Anomalies;
using Faultline.IntegrationTests.Support;
using Faultline.IntegrationTests.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Faultline.IntegrationTests.OperatorConsole;

/// <summary>
/// The console in Debian's headless Chromium (playwright-core, tests/node/scripts/console-e2e.cjs) against
/// Faultline listening on a loopback port, with events sent through the API. The script walks an
/// operator's day (sign in both ways, overview charts, event search, an event, triage, an analysis, keys,
/// sign out) and saves a screenshot of each page under the test's work directory, console-screenshots/.
/// </summary>
[NonParallelizable]
public sealed class ConsoleBrowserTests : AccountTest
{
    private const string SearchText = "timeout";
    private static FaultlineApp? _listening;
    private static string _origin = string.Empty;

    public static string ScreenshotDirectory => Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-screenshots");

    [OneTimeSetUp]
    public void ListenOnLoopback() => (_listening, _origin) = LoopbackHosts.ListenOnLoopback();

    [OneTimeTearDown]
    public async Task StopListeningAsync()
    {
        if (_listening is not null)
        {
            await _listening.DisposeAsync();
        }
    }

    /// <summary>
    /// A day of a shop's events: a mix of levels and kinds, timeouts with in-app frames (mostly from eu-west, where the
    /// other events rarely are), one a minute back from <paramref name="occurredBase"/>, and API requests.
    /// </summary>
    private static List<object> ShopEvents(Random random, DateTime occurredBase)
    {
        var events = new List<object>();
        string[] levels = ["DEBUG", "INFO", "INFO", "WARNING", "ERROR"];
        for (var i = 0; i < 120; i++)
        {
            var level = levels[random.Next(levels.Length)];
            var timeout = level == "ERROR" && random.Next(2) == 0;
            events.Add(new
            {
                level,
                kind = level == "ERROR" ? "error" : "log",
                name = level == "ERROR" ? (timeout ? "TimeoutError" : "TypeError") : null,
                message = timeout ? "TimeoutError: payment gateway timeout after 30s" : level == "ERROR" ? "TypeError: cart is undefined" : $"checkout step {i % 7} done",
                user_id = $"u-{random.Next(20)}",
                release = "shop@2.1.0",
                environment = "production",
                tags = new Dictionary<string, string> { ["region"] = (timeout ? random.Next(10) != 0 : random.Next(6) == 0) ? "eu-west" : "us-east" },
                occurred_at = occurredBase.AddMinutes(-i),
                stack = level == "ERROR"
                    ? new
                    {
                        frames = new object[]
                        {
                            new { filename = "node:internal/process/task_queues", function = "processTicksAndRejections", lineno = 95, in_app = false },
                            new { filename = "src/checkout/pay.js", function = "pay", lineno = 42, colno = 7, in_app = true },
                            new { filename = "node_modules/gateway/client.js", function = "send", lineno = 310, in_app = false },
                        },
                    }
                    : null,
            });
        }

        for (var i = 0; i < 60; i++)
        {
            var failed = random.Next(10) == 0;
            events.Add(new
            {
                kind = "request", level = failed ? "ERROR" : "INFO", message = "GET /checkout", http_method = "GET",
                http_path = i % 3 == 0 ? "/checkout" : "/cart", status_code = failed ? 502 : 200, duration_ms = 5 + random.Next(400),
            });
        }

        return events;
    }

    /// <summary>
    /// A week of 3 ERROR events a minute in the minute rollup, then 40 a minute for the last hour, and the
    /// anomaly detector run now: the app gets a real spike to show (ratio 13, HIGH).
    /// </summary>
    private async Task<long> SpikeAsync(long appId)
    {
        var now = DateTime.UtcNow;
        now = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var minutes = Enumerable.Range(1, 8 * 24 * 60).Select(back => now.AddMinutes(-back)).ToArray();
        var counts = minutes.Select(minute => minute >= now.AddHours(-1) ? 40L : 3L).ToArray();
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("""
                INSERT INTO event_counts_minute (app_id, minute, level, kind, count)
                SELECT @AppId, m, 'ERROR', 'error', c FROM unnest(@Minutes, @Counts) AS t(m, c);
                UPDATE apps SET created_at = @Created WHERE id = @AppId;
                """, new { AppId = appId, Minutes = minutes, Counts = counts, Created = now.AddDays(-10) });
        }

        await App.Services.GetRequiredService<AnomalyDetector>().RunOnceAsync(new DateTimeOffset(now), CancellationToken.None);
        var anomalies = (await GetJsonAsync($"/api/v1/apps/{appId}/anomalies"))["items"]!.AsArray();
        Assert.That(anomalies.Select(anomaly => anomaly!["severity"]!.GetValue<string>()), Is.EqualTo(new[] { "HIGH" }));
        return appId;
    }

    [Test]
    public async Task An_operator_signs_in_reads_the_charts_searches_events_triages_a_group_runs_an_analysis_and_manages_keys()
    {
        const string email = "ops@example.com";
        var user = await SignedInAsync(email);
        var (appId, key) = await CreateOwnAppAsync(user, "shop");
        var now = DateTime.UtcNow;
        var occurredBase = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddHours(-1);
        var events = ShopEvents(new Random(13), occurredBase);
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch") { Content = Json(new { events }) })
        {
            request.Headers.Add("X-INGEST-KEY", key);
            var stored = await Anonymous.SendAsync(request);
            Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.OK), await stored.Content.ReadAsStringAsync());
        }

        // The oracle: what the events page must list for level ERROR and the text "timeout".
        var expectedMatches = events.Select(item => JsonSerializer.SerializeToNode(item)!)
            .Count(item => item["level"]!.GetValue<string>() == "ERROR" && item["message"]!.GetValue<string>().Contains(SearchText, StringComparison.OrdinalIgnoreCase));
        Assert.That(expectedMatches, Is.InRange(1, 49), "one page of results");
        var groups = (await GetJsonAsync($"/api/v1/apps/{appId}/groups?status=unresolved&q=payment%20gateway"))["items"]!.AsArray();
        Assert.That(groups, Has.Count.EqualTo(1));
        var group = groups[0]!;
        var overRepresented = (await GetJsonAsync($"/api/v1/apps/{appId}/groups/{group["id"]}/tags"))["items"]!.AsArray();
        Assert.That(overRepresented.Select(item => $"{item!["key"]} = {item["value"]}"), Does.Contain("region = eu-west"));

        // The oracle for the occurred_at filter (both ends included): events that occurred 30 to 10 minutes before the base.
        var (occurredFrom, occurredTo) = (occurredBase.AddMinutes(-30), occurredBase.AddMinutes(-10));
        var expectedOccurred = events.Select(item => JsonSerializer.SerializeToNode(item)!)
            .Count(item => item["occurred_at"]?.GetValue<DateTime>() is { } at && at >= occurredFrom && at <= occurredTo);
        Assert.That(expectedOccurred, Is.InRange(1, 49), "one page of results");

        var anomalyAppId = await SpikeAsync((await CreateOwnAppAsync(user, "payments")).Id);

        var arguments = new JsonObject
        {
            ["origin"] = _origin,
            ["adminToken"] = TestDatabase.AdminToken,
            ["email"] = email,
            ["password"] = StrongPassword,
            ["appId"] = appId,
            ["searchText"] = SearchText,
            ["expectedMatches"] = expectedMatches,
            ["totalEvents"] = events.Count,
            ["anomalyAppId"] = anomalyAppId,
            ["frame"] = "src/checkout/pay.js:42:7",
            ["groupTitle"] = group["title"]!.GetValue<string>(),
            ["overRepresented"] = "region = eu-west",
            ["occurredFrom"] = occurredFrom.ToString("O"),
            ["occurredTo"] = occurredTo.ToString("O"),
            ["expectedOccurred"] = expectedOccurred,
            ["screenshots"] = ScreenshotDirectory,
        };
        var report = JsonNode.Parse(await NodeTools.RunScriptAsync("console-e2e.cjs", arguments.ToJsonString()))!;
        TestContext.Out.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        Assert.Multiple(() =>
        {
            Assert.That(report["steps"]!.AsArray(), Has.Count.EqualTo(15), report.ToJsonString());
            Assert.That(report["complaints"]!.AsArray(), Is.Empty, "no CSP violation or script error in the browser");
            Assert.That(report["labels"]!.AsArray(), Is.Empty, "every input has a label");
            Assert.That(report["contrast"]!.AsArray(), Is.Empty, "text contrast of at least 4.5:1");
            Assert.That(report["screenshots"]!.AsArray().Select(file => file!.GetValue<string>()), Has.All.Matches<string>(File.Exists));
        });

        // What the browser did, read back through the API.
        var resolved = await GetJsonAsync($"/api/v1/apps/{appId}/groups/{group["id"]!.GetValue<long>()}");
        Assert.That(resolved["group"]!["status"]!.GetValue<string>(), Is.EqualTo("resolved"));
        var keys = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray()
            .Where(item => item!["name"]!.GetValue<string>() == "console-made").ToList();
        Assert.That(keys, Has.Count.EqualTo(2), "the key made in the console and its replacement");
        Assert.That(keys.Select(item => item!["rate_limit_per_minute"]!.GetValue<int>()), Has.All.EqualTo(600));
        Assert.That(keys.Count(item => item!["revoked_at"] is not null), Is.EqualTo(1), "the rotated key retires after its grace");
    }
}
