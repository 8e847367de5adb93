using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility;

/// <summary>The Frontend Monitoring API, called as its browser SDKs and dashboards call it.</summary>
public sealed class FrontendMonitoringTests : ApiTest
{
    private async Task<(long Id, string ApiKey)> CreateProjectAsync(string name = "Web App", string? description = null)
    {
        var response = await Operator.PostAsJsonAsync("/api/projects", new { name, description });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return (body["id"]!.GetValue<long>(), body["api_key"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> SendEventAsync(string? apiKey, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        return await Anonymous.SendAsync(request);
    }

    private Task<HttpResponseMessage> SendEventAsync(string apiKey, object body) => SendEventAsync(apiKey, System.Text.Json.JsonSerializer.Serialize(body));

    private static async Task<JsonNode> AssertFastApiErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var body = JsonNode.Parse(text)!;
        Assert.Multiple(() =>
        {
            Assert.That(body["detail"], Is.Not.Null, text);
            Assert.That(body["error"]?["code"]?.GetValue<string>(), Is.EqualTo(code), text);
            Assert.That(body["error"]?["message"]?.GetValue<string>(), Is.Not.Empty, text);
        });
        return body;
    }

    [Test]
    public async Task An_operator_creating_a_project_gets_201_with_its_api_key()
    {
        var response = await Operator.PostAsJsonAsync("/api/projects", new { name = "Web App", description = "the shop" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<long>(), Is.Positive);
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("Web App"));
            Assert.That(body["description"]!.GetValue<string>(), Is.EqualTo("the shop"));
            Assert.That(body["api_key"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(body["created_at"]!.GetValue<string>(), Does.EndWith("Z"));
            Assert.That(body["updated_at"]!.GetValue<string>(), Does.EndWith("Z"));
        });
    }

    [Test]
    public async Task A_project_without_a_name_gets_a_fastapi_422()
    {
        var response = await Operator.PostAsJsonAsync("/api/projects", new { description = "nameless" });

        var body = await AssertFastApiErrorAsync(response, HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        var detail = body["detail"]!.AsArray();
        Assert.That(detail, Has.Count.EqualTo(1));
        Assert.That(detail[0]!["loc"]!.AsArray().Select(part => part!.ToString()), Is.EqualTo(new[] { "body", "name" }));
        Assert.That(detail[0]!["msg"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Anyone_without_an_operator_credential_cannot_list_or_create_projects()
    {
        await CreateProjectAsync();

        var list = await Anonymous.GetAsync("/api/projects");
        var create = await Anonymous.PostAsJsonAsync("/api/projects", new { name = "sneaky" });

        await AssertFastApiErrorAsync(list, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AssertFastApiErrorAsync(create, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task An_ingest_key_cannot_list_projects()
    {
        var (_, apiKey) = await CreateProjectAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.Add("X-API-Key", apiKey);

        var response = await Anonymous.SendAsync(request);

        await AssertFastApiErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task Projects_are_listed_newest_first_without_their_keys()
    {
        await CreateProjectAsync("first");
        await CreateProjectAsync("second");

        var body = (await GetJsonAsync("/api/projects")).AsArray();

        Assert.That(body.Select(project => project!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "second", "first" }));
        Assert.That(body.Select(project => project!["api_key"]), Is.All.Null);
    }

    [Test]
    public async Task Patching_a_project_changes_only_the_fields_sent()
    {
        var (id, _) = await CreateProjectAsync("shop", "old text");

        var renamed = await Operator.PatchAsJsonAsync($"/api/projects/{id}", new { name = "Shop Front" });
        var cleared = await Operator.PatchAsJsonAsync($"/api/projects/{id}", new { description = (string?)null });

        var afterRename = await ReadJsonAsync(renamed);
        var afterClear = await ReadJsonAsync(cleared);
        Assert.Multiple(() =>
        {
            Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterRename["name"]!.GetValue<string>(), Is.EqualTo("Shop Front"));
            Assert.That(afterRename["description"]!.GetValue<string>(), Is.EqualTo("old text"));
            Assert.That(afterClear["name"]!.GetValue<string>(), Is.EqualTo("Shop Front"));
            Assert.That(afterClear["description"], Is.Null);
        });
        var fetched = await GetJsonAsync($"/api/projects/{id}");
        Assert.That(fetched["name"]!.GetValue<string>(), Is.EqualTo("Shop Front"));
    }

    [Test]
    public async Task An_unknown_project_is_404_with_detail()
    {
        var response = await Operator.GetAsync("/api/projects/999");

        await AssertFastApiErrorAsync(response, HttpStatusCode.NotFound, "APP_NOT_FOUND");
    }

    [Test]
    public async Task Rotating_a_key_stops_the_old_one_at_once()
    {
        var (id, oldKey) = await CreateProjectAsync();
        Assert.That((await SendEventAsync(oldKey, new { event_type = "error", name = "TypeError" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var rotated = await Operator.PostAsync($"/api/projects/{id}/rotate-key", null);

        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var newKey = (await ReadJsonAsync(rotated))["api_key"]!.GetValue<string>();
        Assert.That(newKey, Is.Not.EqualTo(oldKey));
        await AssertFastApiErrorAsync(await SendEventAsync(oldKey, new { event_type = "error", name = "TypeError" }), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        Assert.That((await SendEventAsync(newKey, new { event_type = "error", name = "TypeError" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Deleting_a_project_stops_its_key_and_removes_its_events()
    {
        var (id, apiKey) = await CreateProjectAsync();
        await SendEventAsync(apiKey, new { event_type = "error", name = "TypeError" });

        var deleted = await Operator.DeleteAsync($"/api/projects/{id}");

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertFastApiErrorAsync(await SendEventAsync(apiKey, new { event_type = "error", name = "TypeError" }), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await AssertFastApiErrorAsync(await Operator.GetAsync($"/api/projects/{id}"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
    }

    [Test]
    public async Task A_browser_sdk_reporting_a_TypeError_gets_201_with_the_stored_event()
    {
        var (id, apiKey) = await CreateProjectAsync();

        var response = await SendEventAsync(apiKey, new
        {
            event_type = "error",
            name = "TypeError",
            message = "Cannot read properties of undefined",
            page_url = "https://app.example.com/dashboard",
            user_id = "u-1",
            session_id = "s-1",
            user_agent = "Mozilla/5.0",
            environment = "production",
            release = "1.4.2",
            payload = new { stack = "at main.js:1", line = 1 },
            occurred_at = "2026-02-10T12:00:00+02:00",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<long>(), Is.Positive);
            Assert.That(body["project_id"]!.GetValue<long>(), Is.EqualTo(id));
            Assert.That(body["event_type"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("TypeError"));
            Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("Cannot read properties of undefined"));
            Assert.That(body["payload"]!["line"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["user_id"]!.GetValue<string>(), Is.EqualTo("u-1"));
            Assert.That(body["session_id"]!.GetValue<string>(), Is.EqualTo("s-1"));
            Assert.That(body["page_url"]!.GetValue<string>(), Is.EqualTo("https://app.example.com/dashboard"));
            Assert.That(body["user_agent"]!.GetValue<string>(), Is.EqualTo("Mozilla/5.0"));
            Assert.That(body["environment"]!.GetValue<string>(), Is.EqualTo("production"));
            Assert.That(body["release"]!.GetValue<string>(), Is.EqualTo("1.4.2"));
            Assert.That(body["occurred_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T10:00:00Z"), "the offset is converted to UTC");
            Assert.That(body["received_at"]!.GetValue<string>(), Does.EndWith("Z"));
        });

        var stored = await GetJsonAsync($"/api/v1/apps/{id}/events/{body["id"]!.GetValue<long>()}");
        Assert.That(stored["kind"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(stored["occurred_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T10:00:00Z"));
    }

    [Test]
    public async Task An_event_without_occurred_at_happened_when_it_arrived()
    {
        var (_, apiKey) = await CreateProjectAsync();
        App.Clock.Pin(new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero));

        var body = await ReadJsonAsync(await SendEventAsync(apiKey, new { event_type = "interaction", name = "click" }));

        Assert.That(body["occurred_at"]!.GetValue<string>(), Is.EqualTo("2026-03-01T08:30:00Z"));
        Assert.That(body["received_at"]!.GetValue<string>(), Is.EqualTo("2026-03-01T08:30:00Z"));
        Assert.That(body["message"], Is.Null);
    }

    [Test]
    public async Task An_sdk_without_a_key_or_with_a_wrong_one_gets_401()
    {
        await CreateProjectAsync();

        await AssertFastApiErrorAsync(await SendEventAsync(null, """{"event_type":"error","name":"TypeError"}"""), HttpStatusCode.Unauthorized, "MISSING_API_KEY");
        await AssertFastApiErrorAsync(await SendEventAsync("fl_ingest_wrong", """{"event_type":"error","name":"TypeError"}"""), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [TestCase("""{"event_type":"Error","name":"TypeError"}""", "event_type")]
    [TestCase("""{"event_type":"log","name":"TypeError"}""", "event_type")]
    [TestCase("""{"name":"TypeError"}""", "event_type")]
    [TestCase("""{"event_type":"error"}""", "name")]
    [TestCase("""{"event_type":"error","name":"   "}""", "name")]
    [TestCase("""{"event_type":"error","name":"x","payload":[1,2]}""", "payload")]
    [TestCase("""{"event_type":"error","name":"x","occurred_at":"yesterday"}""", "occurred_at")]
    public async Task An_sdk_sending_an_invalid_event_gets_422_naming_the_field(string json, string field)
    {
        var (_, apiKey) = await CreateProjectAsync();

        var body = await AssertFastApiErrorAsync(await SendEventAsync(apiKey, json), HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");

        Assert.That(body["detail"]![0]!["loc"]!.AsArray().Select(part => part!.ToString()), Is.EqualTo(new[] { "body", field }));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
    }

    [TestCase("""{"event_type":123,"name":"TypeError"}""")]
    [TestCase("""{"event_type":"error","name":{"nested":true}}""")]
    [TestCase("""[1,2,3]""")]
    [TestCase("""{"event_type":"error","name":""")]
    public async Task Wrong_json_types_get_422(string json)
    {
        var (_, apiKey) = await CreateProjectAsync();

        await AssertFastApiErrorAsync(await SendEventAsync(apiKey, json), HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
    }

    [Test]
    public async Task A_huge_name_gets_422_and_a_huge_body_gets_413()
    {
        var (_, apiKey) = await CreateProjectAsync();

        await AssertFastApiErrorAsync(await SendEventAsync(apiKey, new { event_type = "error", name = new string('x', 5_000) }), HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        await AssertFastApiErrorAsync(await SendEventAsync(apiKey, new { event_type = "error", name = "x", message = new string('y', 2_000_000) }), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    private async Task<long> SendEventsAsync((string Type, string Name, string? Message, string? PageUrl, string? User, string OccurredAt)[] events, string apiKey)
    {
        foreach (var e in events)
        {
            var response = await SendEventAsync(apiKey, new
            {
                event_type = e.Type, name = e.Name, message = e.Message, page_url = e.PageUrl, user_id = e.User, occurred_at = e.OccurredAt,
                session_id = "s-" + e.User, environment = "production", release = "1.0",
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }

        return events.Length;
    }

    [Test]
    public async Task A_dashboard_pages_through_events_newest_occurred_first_with_a_total()
    {
        var (id, apiKey) = await CreateProjectAsync();
        await SendEventsAsync(
        [
            ("error", "TypeError", "a", null, "u1", "2026-02-10T10:00:00Z"),
            ("error", "RangeError", "b", null, "u2", "2026-02-10T12:00:00Z"),
            ("performance", "LCP", null, null, "u1", "2026-02-10T11:00:00Z"),
            ("interaction", "click", null, null, "u3", "2026-02-10T09:00:00Z"),
        ], apiKey);

        var first = await GetJsonAsync($"/api/events/project/{id}?page=1&page_size=3");
        var second = await GetJsonAsync($"/api/events/project/{id}?page=2&page_size=3");

        Assert.Multiple(() =>
        {
            Assert.That(first["total"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(first["page"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(first["page_size"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(first["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "RangeError", "LCP", "TypeError" }));
            Assert.That(second["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "click" }));
            Assert.That(first["items"]![0]!["project_id"]!.GetValue<long>(), Is.EqualTo(id));
            Assert.That(first["items"]![0]!["event_type"]!.GetValue<string>(), Is.EqualTo("error"));
        });
    }

    [Test]
    public async Task A_dashboard_filters_by_type_user_and_inclusive_occurred_bounds()
    {
        var (id, apiKey) = await CreateProjectAsync();
        await SendEventsAsync(
        [
            ("error", "TypeError", "a", null, "u1", "2026-02-10T10:00:00Z"),
            ("error", "RangeError", "b", null, "u2", "2026-02-10T12:00:00Z"),
            ("performance", "LCP", null, null, "u1", "2026-02-10T11:00:00Z"),
        ], apiKey);

        var errors = await GetJsonAsync($"/api/events/project/{id}?event_type=error");
        var user = await GetJsonAsync($"/api/events/project/{id}?user_id=u1");
        var bounded = await GetJsonAsync($"/api/events/project/{id}?occurred_from=2026-02-10T11:00:00Z&occurred_to=2026-02-10T12:00:00Z");

        Assert.That(errors["total"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(user["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "LCP", "TypeError" }));
        Assert.That(bounded["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "RangeError", "LCP" }));
    }

    [Test]
    public async Task An_occurred_from_window_counts_events_from_clocks_ahead_of_the_server_and_no_earlier_ones()
    {
        // All three arrive now; one browser's clock runs two hours ahead, so its event occurred inside a window that
        // begins after it was received, and the total counts it with the events received inside the window.
        var (id, apiKey) = await CreateProjectAsync();
        var now = DateTimeOffset.UtcNow;
        string At(TimeSpan offset) => (now + offset).ToString("yyyy-MM-ddTHH:mm:ssZ");
        await SendEventsAsync(
        [
            ("error", "TypeError", "checkout failed", null, "u1", At(TimeSpan.FromHours(-1))),
            ("error", "RangeError", "checkout failed", null, "u2", At(TimeSpan.FromMinutes(30))),
            ("error", "SyntaxError", "checkout failed", null, "u3", At(TimeSpan.FromHours(2))),
        ], apiKey);

        var ahead = await GetJsonAsync($"/api/events/project/{id}?occurred_from={At(TimeSpan.FromHours(1))}&search=checkout");
        var all = await GetJsonAsync($"/api/events/project/{id}?occurred_from={At(TimeSpan.FromHours(-2))}&search=checkout");

        Assert.Multiple(() =>
        {
            Assert.That(ahead["total"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(ahead["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "SyntaxError" }));
            Assert.That(all["total"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(all["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "SyntaxError", "RangeError", "TypeError" }));
        });
    }

    [Test]
    public async Task Search_matches_name_message_or_page_url_without_case_and_takes_wildcards_literally()
    {
        var (id, apiKey) = await CreateProjectAsync();
        await SendEventsAsync(
        [
            ("error", "TypeError", "Cannot read properties", null, "u1", "2026-02-10T10:00:00Z"),
            ("error", "Boom", "100% failure", null, "u1", "2026-02-10T10:01:00Z"),
            ("interaction", "click", null, "https://shop.example.com/CHECKOUT_page", "u1", "2026-02-10T10:02:00Z"),
            ("custom", "other", "nothing", null, "u1", "2026-02-10T10:03:00Z"),
        ], apiKey);

        async Task<string[]> Names(string search) =>
            (await GetJsonAsync($"/api/events/project/{id}?search={Uri.EscapeDataString(search)}"))["items"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToArray();

        Assert.That(await Names("typeerror"), Is.EqualTo(new[] { "TypeError" }));
        Assert.That(await Names("PROPERTIES"), Is.EqualTo(new[] { "TypeError" }));
        Assert.That(await Names("checkout_"), Is.EqualTo(new[] { "click" }));
        Assert.That(await Names("%"), Is.EqualTo(new[] { "Boom" }));
        Assert.That(await Names("_"), Is.EqualTo(new[] { "click" }));
        Assert.That(await Names("\\"), Is.Empty);
    }

    [TestCase("page=0", "page")]
    [TestCase("page_size=201", "page_size")]
    [TestCase("page_size=0", "page_size")]
    [TestCase("page=abc", "page")]
    [TestCase("event_type=fatal", "event_type")]
    [TestCase("occurred_from=soon", "occurred_from")]
    public async Task A_bad_list_parameter_gets_422(string query, string field)
    {
        var (id, _) = await CreateProjectAsync();

        var body = await AssertFastApiErrorAsync(await Operator.GetAsync($"/api/events/project/{id}?{query}"), HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");

        Assert.That(body["detail"]![0]!["loc"]!.AsArray().Select(part => part!.ToString()), Is.EqualTo(new[] { "query", field }));
    }

    [Test]
    public async Task A_dashboard_reads_the_summary_of_a_project()
    {
        var (id, apiKey) = await CreateProjectAsync();
        App.Clock.Pin(new DateTimeOffset(2026, 2, 10, 10, 0, 0, TimeSpan.Zero));
        await SendEventsAsync(
        [
            ("error", "TypeError", "a", null, "u1", "2026-02-10T10:00:00Z"),
            ("error", "RangeError", "b", null, "u2", "2026-02-10T12:00:00Z"),
        ], apiKey);
        App.Clock.Pin(new DateTimeOffset(2026, 2, 10, 11, 0, 0, TimeSpan.Zero));
        await SendEventsAsync([("performance", "LCP", null, null, "u1", "2026-02-10T11:00:00Z")], apiKey);
        App.Clock.Release();

        var all = await GetJsonAsync($"/api/stats/project/{id}/summary");
        var early = await GetJsonAsync($"/api/stats/project/{id}/summary?start=2026-02-10T00:00:00Z&end=2026-02-10T10:30:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(all["total_events"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(all["unique_users"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(all["latest_event"]!.GetValue<string>(), Is.EqualTo("2026-02-10T11:00:00Z"));
            Assert.That(all["counts_by_type"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()),
                Is.EquivalentTo(new Dictionary<string, long> { ["error"] = 2, ["performance"] = 1 }));
            Assert.That(early["total_events"]!.GetValue<long>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_dashboard_reads_hourly_and_daily_buckets_split_by_type()
    {
        var (id, apiKey) = await CreateProjectAsync();
        foreach (var (at, type) in new[] { ("2026-02-10T10:05:00Z", "error"), ("2026-02-10T10:55:00Z", "custom"), ("2026-02-10T13:00:00Z", "error"), ("2026-02-11T01:00:00Z", "performance") })
        {
            App.Clock.Pin(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
            await SendEventAsync(apiKey, new { event_type = type, name = "n" });
        }

        App.Clock.Release();

        var hourly = (await GetJsonAsync($"/api/stats/project/{id}/timeseries?granularity=hour")).AsArray();
        var daily = (await GetJsonAsync($"/api/stats/project/{id}/timeseries")).AsArray();

        Assert.That(hourly.Select(b => b!["bucket"]!.GetValue<string>()), Is.EqualTo(new[] { "2026-02-10 10:00:00", "2026-02-10 13:00:00", "2026-02-11 01:00:00" }));
        Assert.That(hourly[0]!["total"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(hourly[0]!["counts"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>()),
            Is.EquivalentTo(new Dictionary<string, long> { ["error"] = 1, ["performance"] = 0, ["interaction"] = 0, ["custom"] = 1 }));
        Assert.That(daily.Select(b => b!["bucket"]!.GetValue<string>()), Is.EqualTo(new[] { "2026-02-10", "2026-02-11" }));
        Assert.That(daily.Select(b => b!["total"]!.GetValue<long>()), Is.EqualTo(new long[] { 3, 1 }));
    }

    [Test]
    public async Task Any_other_granularity_is_400_invalid_granularity()
    {
        var (id, _) = await CreateProjectAsync();

        var body = await AssertFastApiErrorAsync(await Operator.GetAsync($"/api/stats/project/{id}/timeseries?granularity=week"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.That(body["detail"]!.GetValue<string>(), Is.EqualTo("Invalid granularity"));
    }
}
