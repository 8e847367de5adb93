using System.Net;
using System.Text;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Platform;

/// <summary>
/// A validation failure is raised in the domain's names and worded by the canonical API: snake_case in
/// <c>details.field</c>, in the message, and in every detail key.
/// </summary>
public sealed class ErrorTests : ApiTest
{
    [Test]
    public async Task An_invalid_event_field_is_named_in_snake_case_in_the_details_and_the_message()
    {
        var (appId, key) = await CreateAppAsync();

        var body = await AssertErrorAsync(
            await IngestAsync(appId, key, EventBody(occurredAt: "yesterday")), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.That(body["error"]!["details"]!["field"]!.GetValue<string>(), Is.EqualTo("occurred_at"));
        Assert.That(body["error"]!["message"]!.GetValue<string>(), Does.StartWith("'occurred_at' must be"));
    }

    [Test]
    public async Task Each_invalid_event_of_a_batch_is_described_under_its_index()
    {
        var (appId, key) = await CreateAppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events/batch")
        {
            Content = Json(new { events = new object?[] { EventBody(), null, new { kind = "request", name = "GET /", duration_ms = -1 } } }),
        };
        request.Headers.Add("X-INGEST-KEY", key);

        var body = await AssertErrorAsync(await Anonymous.SendAsync(request), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var errors = body["error"]!["details"]!["errors"]!;
        Assert.That(body["error"]!["message"]!.GetValue<string>(), Is.EqualTo("2 of 3 events are not valid; nothing was stored."));
        Assert.That(errors["1"]!["field"]!.GetValue<string>(), Is.EqualTo("event"));
        Assert.That(errors["2"]!["field"]!.GetValue<string>(), Is.EqualTo("duration_ms"));
        Assert.That(errors["2"]!["code"]!.GetValue<string>(), Is.EqualTo("VALIDATION_ERROR"));
        Assert.That(errors["2"]!["message"]!.GetValue<string>(), Does.StartWith("'duration_ms' must be"));
    }

    [TestCase("{\"retention_days\": 0}", "retention_days")]
    [TestCase("{\"retention_days\": 3651}", "retention_days")]
    public async Task A_retention_out_of_range_names_its_field(string json, string field)
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.PutAsync($"/api/v1/apps/{appId}/retention", new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(body["error"]!["details"]!["field"]!.GetValue<string>(), Is.EqualTo(field));
    }

    [TestCase("{\"name\": \" \"}", "name")]
    [TestCase("{\"name\": \"ci\", \"expires_at\": \"2001-01-01T00:00:00Z\"}", "expires_at")]
    [TestCase("{\"name\": \"ci\", \"expires_at\": \"soon\"}", "expires_at")]
    public async Task A_bad_ingest_key_request_names_its_field_and_stores_nothing(string json, string field)
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(body["error"]!["details"]!["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(await DatabaseReset.CountAsync("ingest_keys"), Is.EqualTo(1), "only the app's first key");
    }

    [TestCase(-1)]
    [TestCase((30 * 24 * 3600) + 1)]
    public async Task A_rotation_grace_out_of_range_names_grace_seconds(int graceSeconds)
    {
        var (appId, _) = await CreateAppAsync();
        var keyId = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray().Single()!["id"]!.GetValue<long>();

        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys/{keyId}/rotate", Json(new { grace_seconds = graceSeconds }));

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(body["error"]!["details"]!["field"]!.GetValue<string>(), Is.EqualTo("grace_seconds"));
    }

    [Test]
    public async Task Unknown_apps_for_an_operator_key_are_listed_under_snake_case_details()
    {
        var response = await Operator.PostAsync("/api/v1/admin/keys", Json(new { name = "x", scopes = new[] { "read" }, apps = new[] { 424242 } }));

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(body["error"]!["details"]!["field"]!.GetValue<string>(), Is.EqualTo("apps"));
        Assert.That(body["error"]!["details"]!["unknown"]!.AsArray().Select(id => id!.GetValue<long>()), Is.EqualTo(new[] { 424242L }));
    }

    [Test]
    public async Task A_window_with_too_many_buckets_reports_its_size_in_snake_case()
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.GetAsync(
            $"/apps/{appId}/stats/timeseries?since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z&interval=MINUTE");

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_TIME_RANGE");
        Assert.That(body["error"]!["details"]!["max_buckets"]!.GetValue<int>(), Is.EqualTo(10_000));
        Assert.That(body["error"]!["details"]!["buckets"]!.GetValue<long>(), Is.GreaterThan(10_000));
    }
}
