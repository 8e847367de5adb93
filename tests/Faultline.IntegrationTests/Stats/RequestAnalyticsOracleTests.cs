using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Faultline.IntegrationTests.Support;
using Faultline.IntegrationTests.Users;
using Npgsql;

namespace Faultline.IntegrationTests.Stats;

/// <summary>
/// Request analytics against plain SQL over the raw request events: random calls across hours, random
/// windows that cut minutes and hours; counts, errors, extremes and averages equal, percentiles within 1%
/// of percentile_cont. The canonical routes and the API Analytics API's metrics read the same figures.
/// </summary>
public sealed class RequestAnalyticsOracleTests : AccountTest
{
    private static readonly string[] Paths = ["/users", "/orders", "/health"];
    private static readonly string[] Methods = ["GET", "POST"];
    private static readonly int[] Statuses = [200, 200, 200, 201, 204, 301, 400, 404, 422, 500, 503];
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private const string OracleSql = """
        SELECT count(*) AS Count, count(*) FILTER (WHERE status_code >= 400) AS Errors,
               avg(duration_ms) AS Avg, min(duration_ms) AS Min, max(duration_ms) AS Max,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS P50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS P95,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS P99
        FROM events
        WHERE app_id = @AppId AND kind = 'request' AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Path AS text) IS NULL OR (http_path = @Path AND http_method = @Method))
        """;

    private sealed record Oracle(long Count, long Errors, double? Avg, double? Min, double? Max, double? P50, double? P95, double? P99);

    [Test]
    public async Task Summaries_endpoints_and_series_equal_plain_SQL_over_the_raw_calls()
    {
        var random = new Random(20260310);
        var ada = await SignedInAsync("ada@example.com");
        var project = await ReadJsonAsync(await ada.PostAsync("/api/v1/projects", Json(new { name = "shop" })));
        var projectKey = project["project_key"]!.GetValue<string>();
        var appId = project["id"]!.GetValue<long>();
        var key = (await ReadJsonAsync(await ada.PostAsync($"/api/v1/projects/{projectKey}/api-keys", Json(new { name = "k" }))))["key"]!.GetValue<string>();

        for (var i = 0; i < 400; i++)
        {
            App.Clock.Pin(Start.AddSeconds(random.Next(0, 5 * 3600)).AddMilliseconds(random.Next(1000)));
            // Log-normal-ish latencies from a fraction of a millisecond to seconds, and a few exact zeros.
            var duration = random.Next(20) == 0 ? 0 : Math.Round(Math.Exp(random.NextDouble() * 9 - 2), 3);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/track")
            {
                Content = JsonContent.Create(new
                {
                    url_path = Paths[random.Next(Paths.Length)], method = Methods[random.Next(Methods.Length)],
                    response_status_code = Statuses[random.Next(Statuses.Length)], response_time_ms = Math.Min(duration, 120_000),
                }),
            };
            request.Headers.Add("X-API-Key", key);
            var response = await Anonymous.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        App.Clock.Release();
        var windows = new List<(DateTimeOffset Since, DateTimeOffset Until)> { (Start, Start.AddHours(5)), (Start.AddMinutes(-30), Start.AddHours(6)) };
        for (var i = 0; i < 6; i++)
        {
            var since = Start.AddSeconds(random.Next(0, 4 * 3600)).AddMilliseconds(random.Next(1000));
            windows.Add((since, since.AddSeconds(random.Next(90, 3 * 3600))));
        }

        foreach (var (since, until) in windows)
        {
            var query = $"since={Format(since)}&until={Format(until)}";
            var expected = await OracleAsync(appId, since, until, null, null);
            var summary = await ReadJsonAsync(await ada.GetAsync($"/api/v1/apps/{appId}/requests/summary?{query}"));
            AssertFigures(summary, expected, $"summary {query}");
            Assert.That(summary["requests_per_minute"]!.GetValue<double>(),
                Is.EqualTo(Math.Round(expected.Count / (until - since).TotalMinutes, 2, MidpointRounding.AwayFromZero)).Within(1e-9));

            var surface = await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{projectKey}/metrics/summary?start_date={Format(since)}&end_date={Format(until)}"));
            if (expected.Count > 0)
            {
                AssertFigures(surface, expected, $"metrics summary {query}");
            }

            var endpoints = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/apps/{appId}/requests/endpoints?{query}")))["items"]!.AsArray();
            var counts = endpoints.Select(item => item!["request_count"]!.GetValue<long>()).ToList();
            Assert.That(counts, Is.Ordered.Descending);
            Assert.That(counts.Sum(), Is.EqualTo(expected.Count));
            foreach (var endpoint in endpoints)
            {
                var path = endpoint!["url_path"]!.GetValue<string>();
                var method = endpoint["method"]!.GetValue<string>();
                AssertFigures(endpoint, await OracleAsync(appId, since, until, path, method), $"{method} {path} {query}");
            }

            var series = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/apps/{appId}/requests/timeseries?{query}&interval=MINUTE")))["series"]!.AsArray();
            Assert.That(series.Sum(bucket => bucket!["request_count"]!.GetValue<long>()), Is.EqualTo(expected.Count), query);
            Assert.That(series.Sum(bucket => bucket!["error_count"]!.GetValue<long>()), Is.EqualTo(expected.Errors), query);
        }

        var hourly = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/apps/{appId}/requests/timeseries?since={Format(Start)}&until={Format(Start.AddHours(5))}&interval=hour")))["series"]!.AsArray();
        Assert.That(hourly, Has.Count.EqualTo(5));
        for (var hour = 0; hour < 5; hour++)
        {
            var expected = await OracleAsync(appId, Start.AddHours(hour), Start.AddHours(hour + 1), null, null);
            Assert.That(hourly[hour]!["request_count"]!.GetValue<long>(), Is.EqualTo(expected.Count));
            Assert.That(hourly[hour]!["avg_response_time_ms"]?.GetValue<double>(), Is.EqualTo(expected.Avg).Within(1e-6));
            AssertPercentiles(hourly[hour]!, expected, $"hour {hour}");
        }

        // Buckets cut by the window's edges: each bucket's percentiles against the raw calls of its part of the window.
        foreach (var (since, until) in windows.Skip(2))
        {
            var series = (await ReadJsonAsync(await ada.GetAsync(
                $"/api/v1/apps/{appId}/requests/timeseries?since={Format(since)}&until={Format(until)}&interval=HOUR")))["series"]!.AsArray();
            foreach (var bucket in series)
            {
                var start = bucket!["bucket_start"]!.GetValue<DateTimeOffset>();
                var from = start < since ? since : start;
                var to = start.AddHours(1) > until ? until : start.AddHours(1);
                var expected = await OracleAsync(appId, from, to, null, null);
                Assert.That(bucket["request_count"]!.GetValue<long>(), Is.EqualTo(expected.Count));
                AssertPercentiles(bucket, expected, $"bucket {start:O} of {since:O}..{until:O}");
            }
        }
    }

    private static void AssertFigures(JsonNode actual, Oracle expected, string what) => Assert.Multiple(() =>
    {
        Assert.That(actual["request_count"]!.GetValue<long>(), Is.EqualTo(expected.Count), what);
        Assert.That(actual["error_count"]!.GetValue<long>(), Is.EqualTo(expected.Errors), what);
        Assert.That(actual["error_rate"]!.GetValue<double>(),
            Is.EqualTo(expected.Count == 0 ? 0 : Math.Round(100.0 * expected.Errors / expected.Count, 2, MidpointRounding.AwayFromZero)).Within(1e-9), what);
        Assert.That(actual["avg_response_time_ms"]?.GetValue<double>(), Is.EqualTo(expected.Avg).Within(1e-6), what);
        Assert.That(actual["fastest_request_ms"]?.GetValue<double>(), Is.EqualTo(expected.Min), what);
        Assert.That(actual["slowest_request_ms"]?.GetValue<double>(), Is.EqualTo(expected.Max), what);
        AssertPercentiles(actual, expected, what);
    });

    /// <summary>Within the histogram's documented 1% of PostgreSQL's exact percentile_cont (and 0.01 ms for zeros).</summary>
    private static void AssertPercentiles(JsonNode actual, Oracle expected, string what)
    {
        foreach (var (name, exact) in new[] { ("p50_response_time_ms", expected.P50), ("p95_response_time_ms", expected.P95), ("p99_response_time_ms", expected.P99) })
        {
            var value = actual[name]?.GetValue<double>();
            Assert.That(value, exact is null ? Is.Null : Is.EqualTo(exact.Value).Within(exact.Value * 0.01 + 0.01), $"{name} of {what}");
        }
    }

    private static async Task<Oracle> OracleAsync(long appId, DateTimeOffset since, DateTimeOffset until, string? path, string? method)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.QuerySingleAsync<Oracle>(OracleSql, new { AppId = appId, Since = since.UtcDateTime, Until = until.UtcDateTime, Path = path, Method = method });
    }

    private static string Format(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
