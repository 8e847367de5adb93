using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility;

/// <summary>The Event Processor API, called as its producers and dashboards call it.</summary>
public sealed class EventProcessorTests : ApiTest
{
    private static readonly DateTimeOffset Now = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    private async Task<HttpResponseMessage> PostAsync(string path, string? apiKey, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        return await Anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string apiKey, object body) => PostAsync(path, apiKey, JsonSerializer.Serialize(body));

    private static object Event(string eventType = "user_signup", string userId = "user_abc123", string sessionId = "session_xyz789", string? eventId = null, string timestamp = "2024-01-30T12:34:56Z") =>
        new Dictionary<string, object?>
        {
            ["eventType"] = eventType, ["userId"] = userId, ["sessionId"] = sessionId, ["timestamp"] = timestamp, ["eventId"] = eventId,
        };

    private static async Task<JsonNode> AssertEnvelopeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var body = JsonNode.Parse(text)!;
        Assert.Multiple(() =>
        {
            Assert.That(body["success"]?.GetValue<bool>(), Is.False, text);
            Assert.That(body["error"]?["code"]?.GetValue<string>(), Is.EqualTo(code), text);
            Assert.That(body["error"]?["message"]?.GetValue<string>(), Is.Not.Empty, text);
        });
        return body;
    }

    [Test]
    public async Task A_producer_sending_a_new_event_gets_202_and_the_event_is_kept_as_sent()
    {
        var (appId, key) = await CreateAppAsync();

        var response = await PostAsync("/api/v1/events", key, """
            {"eventType":"user_signup","userId":"user_abc123","sessionId":"session_xyz789","timestamp":"2024-01-30T12:34:56Z",
             "metadata":{"source":"web","campaign":"summer_promo"},"payload":{"referrer":"google.com","browser":"Chrome"},
             "priority":3,"eventId":"evt_optional_custom_id"}
            """);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["success"]!.GetValue<bool>(), Is.True);
            Assert.That(body["data"]!["eventId"]!.GetValue<string>(), Is.EqualTo("evt_optional_custom_id"));
            Assert.That(body["data"]!["accepted"]!.GetValue<bool>(), Is.True);
            Assert.That(body["data"]!["duplicate"]!.GetValue<bool>(), Is.False);
            Assert.That(body["data"]!["message"]!.GetValue<string>(), Is.EqualTo("Event accepted for processing"));
        });

        var stored = (await GetJsonAsync($"/api/v1/apps/{appId}/events"))["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(stored["kind"]!.GetValue<string>(), Is.EqualTo("custom"));
            Assert.That(stored["name"]!.GetValue<string>(), Is.EqualTo("user_signup"));
            Assert.That(stored["user_id"]!.GetValue<string>(), Is.EqualTo("user_abc123"));
            Assert.That(stored["session_id"]!.GetValue<string>(), Is.EqualTo("session_xyz789"));
            Assert.That(stored["occurred_at"]!.GetValue<string>(), Is.EqualTo("2024-01-30T12:34:56Z"));
            Assert.That(stored["event_id"]!.GetValue<string>(), Is.EqualTo("evt_optional_custom_id"));
            Assert.That(stored["priority"]!.GetValue<int>(), Is.EqualTo(3));
            // As sent, members in their order: stored as JSON text, not jsonb, which would put "browser" first.
            Assert.That(stored["metadata"]!.ToJsonString(), Is.EqualTo("""{"source":"web","campaign":"summer_promo"}"""));
            Assert.That(stored["payload"]!.ToJsonString(), Is.EqualTo("""{"referrer":"google.com","browser":"Chrome"}"""));
        });
    }

    [Test]
    public async Task A_producer_retrying_an_event_gets_200_duplicate_and_nothing_is_stored_twice()
    {
        var (_, key) = await CreateAppAsync();
        await PostAsync("/api/v1/events", key, Event(eventId: "evt_1"));

        var retry = await PostAsync("/api/v1/events", key, Event(eventId: "evt_1"));

        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await ReadJsonAsync(retry);
        Assert.That(body["data"]!["accepted"]!.GetValue<bool>(), Is.False);
        Assert.That(body["data"]!["duplicate"]!.GetValue<bool>(), Is.True);
        Assert.That(body["data"]!["message"]!.GetValue<string>(), Is.EqualTo("Event already processed (duplicate)"));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_event_without_an_event_id_gets_one_generated()
    {
        var (appId, key) = await CreateAppAsync();

        var body = await ReadJsonAsync(await PostAsync("/api/v1/events", key, Event()));

        var generated = body["data"]!["eventId"]!.GetValue<string>();
        var stored = (await GetJsonAsync($"/api/v1/apps/{appId}/events"))["items"]![0]!;
        Assert.That(generated, Is.EqualTo(stored["event_id"]!.GetValue<string>()));
    }

    [Test]
    public async Task A_bearer_ingest_key_works_like_x_api_key()
    {
        await CreateAppAsync();
        var (_, key) = await CreateAppAsync("second");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(JsonSerializer.Serialize(Event()), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var response = await Anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [Test]
    public async Task A_producer_without_a_key_gets_missing_api_key_and_with_a_wrong_one_invalid_api_key()
    {
        await CreateAppAsync();

        await AssertEnvelopeErrorAsync(await PostAsync("/api/v1/events", null, JsonSerializer.Serialize(Event())), HttpStatusCode.Unauthorized, "MISSING_API_KEY");
        await AssertEnvelopeErrorAsync(await PostAsync("/api/v1/events", "evp_wrong", JsonSerializer.Serialize(Event())), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [TestCase("""{"userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z"}""", "eventType")]
    [TestCase("""{"eventType":"9lives","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z"}""", "eventType")]
    [TestCase("""{"eventType":"has space","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z"}""", "eventType")]
    [TestCase("""{"eventType":"click","sessionId":"s","timestamp":"2024-01-30T12:34:56Z"}""", "userId")]
    [TestCase("""{"eventType":"click","userId":"u","timestamp":"2024-01-30T12:34:56Z"}""", "sessionId")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s"}""", "timestamp")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"last tuesday"}""", "timestamp")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","priority":11}""", "priority")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","priority":0}""", "priority")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","metadata":[1]}""", "metadata")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","payload":"text"}""", "payload")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","eventId":""}""", "eventId")]
    public async Task A_producer_sending_an_invalid_event_gets_400_validation_error_naming_the_field(string json, string field)
    {
        var (_, key) = await CreateAppAsync();

        var body = await AssertEnvelopeErrorAsync(await PostAsync("/api/v1/events", key, json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.That(body["error"]!["details"]!["errors"]![0]!["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
    }

    [TestCase("""{"eventType":42,"userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z"}""")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","priority":"high"}""")]
    [TestCase("""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","priority":1.5}""")]
    [TestCase("""not json""")]
    public async Task Wrong_json_types_get_400_validation_error(string json)
    {
        var (_, key) = await CreateAppAsync();

        await AssertEnvelopeErrorAsync(await PostAsync("/api/v1/events", key, json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Nested_junk_in_metadata_gets_a_4xx_and_huge_ids_get_400()
    {
        var (_, key) = await CreateAppAsync();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        var nested = await PostAsync("/api/v1/events", key, $$"""{"eventType":"click","userId":"u","sessionId":"s","timestamp":"2024-01-30T12:34:56Z","metadata":{{deep}}}""");
        var hugeUser = await PostAsync("/api/v1/events", key, Event(userId: new string('u', 129)));

        await AssertEnvelopeErrorAsync(nested, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertEnvelopeErrorAsync(hugeUser, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task A_producer_sending_a_batch_gets_202_with_counts_and_ids_in_order()
    {
        var (_, key) = await CreateAppAsync();

        var response = await PostAsync("/api/v1/events/batch", key, new
        {
            events = new[] { Event("page_view", "user_1", "session_1", "evt_1"), Event("click", "user_2", "session_2", "evt_2") },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var data = (await ReadJsonAsync(response))["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(data["accepted"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(data["duplicates"]!.GetValue<int>(), Is.Zero);
            Assert.That(data["total"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(data["eventIds"]!.AsArray().Select(id => id!.GetValue<string>()), Is.EqualTo(new[] { "evt_1", "evt_2" }));
            Assert.That(data["message"]!.GetValue<string>(), Is.EqualTo("Batch processed successfully"));
        });
    }

    [Test]
    public async Task A_producer_retrying_a_batch_gets_duplicates_counted_and_accepted_plus_duplicates_is_total()
    {
        var (_, key) = await CreateAppAsync();
        await PostAsync("/api/v1/events/batch", key, new { events = new[] { Event(eventId: "a"), Event(eventId: "b") } });

        var retry = await PostAsync("/api/v1/events/batch", key, new { events = new[] { Event(eventId: "a"), Event(eventId: "b"), Event(eventId: "c"), Event(eventId: "c") } });

        var data = (await ReadJsonAsync(retry))["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(data["accepted"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(data["duplicates"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(data["total"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(data["eventIds"]!.AsArray().Select(id => id!.GetValue<string>()), Is.EqualTo(new[] { "a", "b", "c", "c" }));
        });
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(3));
    }

    [Test]
    public async Task One_invalid_event_rejects_the_whole_batch_and_names_its_index()
    {
        var (_, key) = await CreateAppAsync();

        var response = await PostAsync("/api/v1/events/batch", key, new { events = new[] { Event(), Event(), Event(eventType: "") } });

        var body = await AssertEnvelopeErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(body["error"]!["message"]!.GetValue<string>(), Does.Contain("index 2"));
        Assert.That(body["error"]!["details"]!["index"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(body["error"]!["details"]!["errors"]![0]!["index"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
    }

    [TestCase(0)]
    [TestCase(1_001)]
    public async Task A_batch_of_no_events_or_of_more_than_1000_gets_400(int count)
    {
        var (_, key) = await CreateAppAsync();

        var response = await PostAsync("/api/v1/events/batch", key, new { events = Enumerable.Range(0, count).Select(_ => Event()).ToArray() });

        await AssertEnvelopeErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
    }

    [Test]
    public async Task A_producer_reads_its_ingestion_stats_with_its_key()
    {
        var (appId, key) = await CreateAppAsync();
        App.Clock.Pin(Now);
        await PostAsync("/api/v1/events/batch", key, new { events = Enumerable.Range(0, 30).Select(i => Event(eventId: $"e{i}")).ToArray() });
        await PostAsync("/api/v1/events", key, Event(eventId: "e1"));

        var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stats") { Headers = { { "x-api-key", key } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var data = (await ReadJsonAsync(response))["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(data["totalIngested"]!.GetValue<long>(), Is.EqualTo(30));
            Assert.That(data["ingestionRate"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(data["timestamp"]!.GetValue<string>(), Is.EqualTo("2026-02-10T12:00:00Z"));
        });
        var canonical = await GetJsonAsync($"/api/v1/apps/{appId}/ingestion");
        Assert.That(canonical["duplicates"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Metrics_need_an_operator_credential_not_an_ingest_key()
    {
        var (_, key) = await CreateAppAsync();

        var anonymous = await Anonymous.GetAsync("/api/v1/analytics/metrics");
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analytics/metrics") { Headers = { { "x-api-key", key } } };

        await AssertEnvelopeErrorAsync(anonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AssertEnvelopeErrorAsync(await Anonymous.SendAsync(withKey), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task A_dashboard_reads_metrics_over_the_last_hour()
    {
        var (appId, key) = await CreateAppAsync();
        var (_, otherKey) = await CreateAppAsync("other");
        foreach (var (minutesAgo, type, user, session, appKey) in new[]
                 {
                     (5, "page_view", "user_1", "s1", key), (7, "click", "user_1", "s1", key), (20, "page_view", "user_2", "s2", key),
                     (59, "purchase", "user_1", "s3", key), (61, "page_view", "user_3", "s4", key), (10, "page_view", "user_9", "s9", otherKey),
                 })
        {
            App.Clock.Pin(Now.AddMinutes(-minutesAgo));
            await PostAsync("/api/v1/events", appKey, Event(type, user, session));
        }

        App.Clock.Pin(Now);

        var data = (await GetJsonAsync("/api/v1/analytics/metrics"))["data"]!;
        var onlyApp = (await GetJsonAsync($"/api/v1/analytics/metrics?timeRange=1h&appId={appId}"))["data"]!;

        Assert.Multiple(() =>
        {
            Assert.That(data["totalEvents"]!.GetValue<long>(), Is.EqualTo(5), "every app the credential may see");
            Assert.That(onlyApp["totalEvents"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(onlyApp["timeRange"]!["start"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:00:00Z"));
            Assert.That(onlyApp["timeRange"]!["end"]!.GetValue<string>(), Is.EqualTo("2026-02-10T12:00:00Z"));
            Assert.That(onlyApp["uniqueUsers"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(onlyApp["uniqueSessions"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(onlyApp["avgEventsPerUser"]!.GetValue<double>(), Is.EqualTo(2.0));
            Assert.That(onlyApp["eventsByType"]!.AsArray().Select(t => (t!["eventType"]!.GetValue<string>(), t["count"]!.GetValue<long>(), t["percentage"]!.GetValue<double>())),
                Is.EqualTo(new[] { ("page_view", 2L, 50.0), ("click", 1L, 25.0), ("purchase", 1L, 25.0) }));
            Assert.That(onlyApp["topUsers"]![0]!["userId"]!.GetValue<string>(), Is.EqualTo("user_1"));
            Assert.That(onlyApp["topUsers"]![0]!["eventCount"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(onlyApp["topUsers"]![0]!["lastEventAt"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:55:00Z"));
            Assert.That(onlyApp["topUsers"]![0]!["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "click", "page_view", "purchase" }));
            var series = onlyApp["eventsOverTime"]!.AsArray();
            Assert.That(series, Has.Count.EqualTo(12), "5-minute buckets, dense");
            Assert.That(series[0]!["timestamp"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:00:00Z"));
            Assert.That(series.Sum(b => b!["count"]!.GetValue<long>()), Is.EqualTo(4));
            Assert.That(series[11]!["count"]!.GetValue<long>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Metrics_filters_apply_to_every_figure()
    {
        var (_, key) = await CreateAppAsync();
        App.Clock.Pin(Now.AddMinutes(-3));
        await PostAsync("/api/v1/events", key, Event("click", "Alice_(admin)", "s1"));
        await PostAsync("/api/v1/events", key, Event("view", "alice_(admin)", "s2"));
        await PostAsync("/api/v1/events", key, Event("click", "bob", "s3"));
        App.Clock.Pin(Now);

        var data = (await GetJsonAsync($"/api/v1/analytics/metrics?timeRange=15m&eventType=click&userId={Uri.EscapeDataString("E_(")}"))["data"]!;

        Assert.Multiple(() =>
        {
            Assert.That(data["totalEvents"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(data["uniqueUsers"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(data["uniqueSessions"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(data["eventsOverTime"]!.AsArray(), Has.Count.EqualTo(15));
            Assert.That(data["eventsByType"]!.AsArray().Select(t => t!["eventType"]!.GetValue<string>()), Is.EqualTo(new[] { "click" }));
        });
    }

    [TestCase("timeRange=2h")]
    [TestCase("timeRange=1H")]
    [TestCase("timeRange=30d")]
    [TestCase("appId=abc")]
    public async Task A_bad_metrics_parameter_gets_400(string query)
    {
        await CreateAppAsync();

        await AssertEnvelopeErrorAsync(await Operator.GetAsync($"/api/v1/analytics/metrics?{query}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Hostile_user_filters_are_text_not_patterns()
    {
        await CreateAppAsync();

        foreach (var userId in new[] { "(", "%", "_", "\\", "'; DROP TABLE events; --", new string('x', 4_000) })
        {
            var response = await Operator.GetAsync($"/api/v1/analytics/metrics?userId={Uri.EscapeDataString(userId)}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), userId);
        }

        await AssertEnvelopeErrorAsync(await Operator.GetAsync($"/api/v1/analytics/metrics?userId={new string('x', 5_000)}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task An_operator_key_limited_to_one_app_sees_only_that_app_and_not_others()
    {
        var (appId, key) = await CreateAppAsync();
        var (otherId, otherKey) = await CreateAppAsync("other");
        await PostAsync("/api/v1/events", key, Event(timestamp: Now.ToString("O", CultureInfo.InvariantCulture)));
        await PostAsync("/api/v1/events", otherKey, Event());
        var created = await ReadJsonAsync(await Operator.PostAsync("/api/v1/admin/keys", Json(new { name = "limited", scopes = new[] { "read" }, apps = new[] { appId } })));
        using var limited = App.CreateClient();
        limited.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["key"]!.GetValue<string>());

        var all = (await ReadJsonAsync(await limited.GetAsync("/api/v1/analytics/metrics")))["data"]!;
        var other = await limited.GetAsync($"/api/v1/analytics/metrics?appId={otherId}");

        Assert.That(all["totalEvents"]!.GetValue<long>(), Is.EqualTo(1));
        await AssertEnvelopeErrorAsync(other, HttpStatusCode.NotFound, "APP_NOT_FOUND");
    }

    [Test]
    public async Task Probes_answer_without_credentials()
    {
        var health = await Anonymous.GetAsync("/api/health");
        var ready = await Anonymous.GetAsync("/api/ready");
        var live = await Anonymous.GetAsync("/api/live");

        var healthBody = await ReadJsonAsync(health);
        Assert.Multiple(async () =>
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(healthBody["status"]!.GetValue<string>(), Is.EqualTo("healthy"));
            Assert.That(healthBody["version"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(healthBody["uptime"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(0));
            Assert.That(healthBody["timestamp"]!.GetValue<string>(), Does.EndWith("Z"));
            Assert.That(healthBody["services"]!["postgres"]!["status"]!.GetValue<string>(), Is.EqualTo("up"));
            Assert.That((await ReadJsonAsync(ready))["ready"]!.GetValue<bool>(), Is.True);
            Assert.That((await ReadJsonAsync(live))["live"]!.GetValue<bool>(), Is.True);
        });
    }
}
