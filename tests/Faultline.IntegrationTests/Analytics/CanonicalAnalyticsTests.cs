using System.Net;
using System.Net.Http.Json;
using Faultline.Infrastructure.Maintenance;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Analytics;

/// <summary>The canonical API's product analytics: filtered lists, one event, summary, split series, ingestion figures, app changes.</summary>
public sealed class CanonicalAnalyticsTests : ApiTest
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    private async Task<(long AppId, string Key)> SendEventsAsync()
    {
        var (appId, key) = await CreateAppAsync();
        var events = new object[]
        {
            new { kind = "error", name = "TypeError", message = "Cannot read properties of undefined", user_id = "u1", session_id = "s1", release = "1.0", environment = "prod", occurred_at = "2026-02-10T09:00:00Z", page_url = "https://shop.example.com/cart" },
            new { kind = "performance", name = "LCP", message = "2.5 s", user_id = "u2", session_id = "s2", release = "1.1", environment = "prod", occurred_at = "2026-02-10T10:00:00Z", page_url = "https://shop.example.com/100%_off" },
            new { kind = "interaction", name = "click", message = "Buy", user_id = "u1", session_id = "s3", release = "1.1", environment = "staging", occurred_at = "2026-02-10T11:00:00Z", page_url = "https://shop.example.com/checkout" },
            new { kind = "log", name = (string?)null, message = "payment ok", user_id = (string?)null, session_id = (string?)null, release = "1.1", environment = "prod", occurred_at = "2026-02-10T11:30:00Z", page_url = (string?)null },
        };
        var minute = 0;
        foreach (var body in events)
        {
            App.Clock.Pin(Now.AddMinutes(-50 + (10 * minute++)));
            var response = await IngestAsync(appId, key, body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }

        App.Clock.Pin(Now);
        return (appId, key);
    }

    private async Task<string[]> MessagesAsync(long appId, string query) =>
        (await GetJsonAsync($"/api/v1/apps/{appId}/events?{query}"))["items"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToArray();

    [TestCase("kind=error", new[] { "Cannot read properties of undefined" })]
    [TestCase("name=LCP", new[] { "2.5 s" })]
    [TestCase("level=info", new[] { "payment ok", "Buy", "2.5 s" })]
    [TestCase("user_id=u1", new[] { "Buy", "Cannot read properties of undefined" })]
    [TestCase("session_id=s2", new[] { "2.5 s" })]
    [TestCase("release=1.0", new[] { "Cannot read properties of undefined" })]
    [TestCase("environment=staging", new[] { "Buy" })]
    [TestCase("occurred_from=2026-02-10T10:00:00Z&occurred_to=2026-02-10T11:00:00Z", new[] { "Buy", "2.5 s" })]
    [TestCase("since=2026-02-10T11:20:00Z&until=2026-02-10T11:40:00Z", new[] { "Buy", "2.5 s" })]
    [TestCase("q=PAYMENT", new[] { "payment ok" })]
    [TestCase("q=100%25_", new[] { "2.5 s" })]
    [TestCase("q=typeerror", new[] { "Cannot read properties of undefined" })]
    [TestCase("q=%25", new[] { "2.5 s" })]
    [TestCase("q=typeerror%20cannot", new string[0])]
    [TestCase("q=buy%20https", new string[0])]
    [TestCase("kind=interaction&environment=prod", new string[0])]
    public async Task An_operator_filters_the_event_list(string query, string[] expected)
    {
        var (appId, _) = await SendEventsAsync();

        Assert.That(await MessagesAsync(appId, query), Is.EqualTo(expected));
    }

    [TestCase("kind=fatal")]
    [TestCase("level=loud")]
    [TestCase("occurred_from=tomorrow")]
    [TestCase("since=2026-02-10T12:00:00Z&until=2026-02-10T11:00:00Z")]
    [TestCase("occurred_from=2026-02-10T12:00:00Z&occurred_to=2026-02-10T11:00:00Z")]
    public async Task A_bad_filter_is_a_400_in_the_canonical_envelope(string query)
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.GetAsync($"/api/v1/apps/{appId}/events?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(response))["error"]!["code"]!.GetValue<string>(), Is.AnyOf("VALIDATION_ERROR", "INVALID_TIME_RANGE"));
    }

    [Test]
    public async Task A_search_text_longer_than_any_stored_value_is_refused()
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.GetAsync($"/api/v1/apps/{appId}/events?q={new string('x', 5_000)}");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task An_operator_reads_one_event_by_id()
    {
        var (appId, key) = await CreateAppAsync();
        var id = await IngestOkAsync(appId, key, new { kind = "custom", name = "signup", user_id = "u1", metadata = new { plan = "pro" }, priority = 4 });

        var body = await GetJsonAsync($"/api/v1/apps/{appId}/events/{id}");

        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<long>(), Is.EqualTo(id));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("signup"));
            Assert.That(body["metadata"]!["plan"]!.GetValue<string>(), Is.EqualTo("pro"));
            Assert.That(body["priority"]!.GetValue<int>(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task An_unknown_event_or_another_apps_event_is_404()
    {
        var (appId, key) = await CreateAppAsync();
        var (otherId, _) = await CreateAppAsync("other");
        var id = await IngestOkAsync(appId, key, EventBody());

        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/events/{id + 1000}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{otherId}/events/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }

    [Test]
    public async Task An_ingest_key_cannot_read_events_or_analytics()
    {
        var (appId, key) = await CreateAppAsync();
        foreach (var path in new[] { "events", "analytics/summary", "ingestion" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/apps/{appId}/{path}") { Headers = { { "X-INGEST-KEY", key } } };
            await AssertErrorAsync(await Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }

    [Test]
    public async Task An_operator_reads_the_summary_of_the_last_24_hours()
    {
        var (appId, _) = await SendEventsAsync();

        var body = await GetJsonAsync($"/api/v1/apps/{appId}/analytics/summary");

        Assert.Multiple(() =>
        {
            Assert.That(body["since"]!.GetValue<string>(), Is.EqualTo("2026-02-09T12:00:00Z"));
            Assert.That(body["until"]!.GetValue<string>(), Is.EqualTo("2026-02-10T12:00:00Z"));
            Assert.That(body["total_events"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(body["unique_users"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(body["unique_sessions"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(body["avg_events_per_user"]!.GetValue<double>(), Is.EqualTo(2.0));
            Assert.That(body["first_event_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:10:00Z"));
            Assert.That(body["latest_event_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:40:00Z"));
            Assert.That(body["by_kind"]![0]!["percentage"]!.GetValue<double>(), Is.EqualTo(25.0));
            Assert.That(body["by_name"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "LCP", "TypeError", "click" }));
            Assert.That(body["top_users"]![0]!["user_id"]!.GetValue<string>(), Is.EqualTo("u1"));
            Assert.That(body["top_users"]![0]!["event_count"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(body["top_users"]![0]!["last_event_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:30:00Z"));
            Assert.That(body["top_users"]![0]!["names"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "TypeError", "click" }));
        });
    }

    [Test]
    public async Task An_empty_summary_has_zeros_and_no_dates()
    {
        var (appId, _) = await CreateAppAsync();

        var body = await GetJsonAsync($"/api/v1/apps/{appId}/analytics/summary?q=%25&user=(");

        Assert.That(body["total_events"]!.GetValue<long>(), Is.Zero);
        Assert.That(body["avg_events_per_user"]!.GetValue<double>(), Is.Zero);
        Assert.That(body["first_event_at"], Is.Null);
        Assert.That(body["top_users"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task An_operator_splits_a_series_by_kind()
    {
        var (appId, _) = await SendEventsAsync();

        var body = await GetJsonAsync($"/api/v1/apps/{appId}/stats/timeseries?since=2026-02-10T11:00:00Z&until=2026-02-10T12:00:00Z&interval=minute&group_by=kind");

        var series = body["series"]!.AsArray();
        Assert.That(body["group_by"]!.GetValue<string>(), Is.EqualTo("kind"));
        Assert.That(series, Has.Count.EqualTo(60));
        Assert.That(series[10]!["count"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(series[10]!["counts"]!["error"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(series[40]!["counts"]!["log"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(series[0]!["counts"]!.AsObject(), Is.Empty);
    }

    [Test]
    public async Task A_series_without_group_by_has_no_counts_and_a_bad_group_by_is_400()
    {
        var (appId, _) = await SendEventsAsync();

        var plain = await GetJsonAsync($"/api/v1/apps/{appId}/stats/timeseries");
        var bad = await Operator.GetAsync($"/api/v1/apps/{appId}/stats/timeseries?group_by=level");

        Assert.That(plain["series"]![0]!["counts"], Is.Null);
        Assert.That(plain.AsObject().ContainsKey("group_by"), Is.False);
        await AssertErrorAsync(bad, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Ingestion_figures_count_duplicates_and_outlive_retention()
    {
        var (appId, key) = await CreateAppAsync();
        App.Clock.Pin(Now.AddDays(-20));
        await IngestOkAsync(appId, key, new { kind = "custom", name = "old", event_id = "a" });
        App.Clock.Pin(Now.AddSeconds(-30));
        await IngestOkAsync(appId, key, new { kind = "custom", name = "new", event_id = "b" });
        await IngestOkAsync(appId, key, new { kind = "custom", name = "newer" });
        Assert.That((await IngestAsync(appId, key, new { kind = "custom", name = "new", event_id = "b" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Operator.PutAsync($"/api/v1/apps/{appId}/retention", Json(new { retention_days = 5 }));
        App.Clock.Pin(Now);
        await App.Services.GetRequiredService<EventStoreMaintenance>().RunOnceAsync(CancellationToken.None);

        var body = await GetJsonAsync($"/api/v1/apps/{appId}/ingestion");

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(2), "retention removed the old event");
        Assert.Multiple(() =>
        {
            Assert.That(body["total_ingested"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(body["duplicates"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(body["ingestion_rate"]!.GetValue<double>(), Is.EqualTo(2 / 60.0).Within(1e-9));
        });
    }

    [Test]
    public async Task An_operator_renames_describes_and_deletes_an_app()
    {
        var (appId, key) = await CreateAppAsync();
        await CreateAppAsync("taken");
        await IngestOkAsync(appId, key, EventBody());

        var described = await Operator.PatchAsJsonAsync($"/api/v1/apps/{appId}", new { description = "the shop" });
        var clash = await Operator.PatchAsJsonAsync($"/api/v1/apps/{appId}", new { name = "TAKEN" });
        var blank = await Operator.PatchAsJsonAsync($"/api/v1/apps/{appId}", new { name = "  " });

        Assert.That((await ReadJsonAsync(described))["description"]!.GetValue<string>(), Is.EqualTo("the shop"));
        Assert.That((await GetJsonAsync($"/api/v1/apps/{appId}"))["name"]!.GetValue<string>(), Is.EqualTo("checkout"));
        await AssertErrorAsync(clash, HttpStatusCode.Conflict, "APP_NAME_TAKEN");
        await AssertErrorAsync(blank, HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var deleted = await Operator.DeleteAsync($"/api/v1/apps/{appId}");

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        await AssertErrorAsync(await IngestAsync(appId, key, EventBody()), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
        await AssertErrorAsync(await Operator.DeleteAsync($"/api/v1/apps/{appId}"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
    }
}
