using System.Net;
using System.Text;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Platform;

/// <summary>
/// Bad input thrown at every endpoint: each answer is a 4xx in the error envelope, nothing is stored,
/// and the service stays up.
/// </summary>
public sealed class HostileInputTests : ApiTest
{
    private long _appId;
    private string _key = string.Empty;

    [SetUp]
    public async Task CreateTargetAppAsync() => (_appId, _key) = await CreateAppAsync("target");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string contentType = "application/json", bool ingestKey = false)
    {
        using var request = new HttpRequestMessage(method, path.Replace("{app}", _appId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        if (ingestKey)
        {
            request.Headers.Add("X-INGEST-KEY", _key);
        }

        return await (ingestKey ? Anonymous : Operator).SendAsync(request);
    }

    private static async Task AssertClientErrorAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), $"{what}: {text}");
        Assert.That(System.Text.Json.Nodes.JsonNode.Parse(text)?["error"]?["code"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, $"{what}: {text}");
    }

    private static readonly string[] BadBodies =
    [
        "{", "{\"a\":", "}", "nul", "\"just a string\"", "12345", "[1, 2, 3]", "{\"events\": [",
        "{\"name\": 99999999999999999999999999, \"scopes\": 1e400, \"retention_days\": 99999999999999999999, \"grace_seconds\": 1e400, \"events\": 1e400, \"occurred_at\": 1e400}",
        "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"status_code\": 1e400}",
        "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"duration_ms\": \"fast\"}",
        "{\"occurred_at\": \"9999-12-31T23:59:59Z\", \"level\": \"ERROR\", \"message\": \"m\", \"status_code\": -5}",
        "{\"occurred_at\": \"0000-01-01T00:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\"}",
        "{\"grace_seconds\": -1, \"retention_days\": -3, \"name\": \"\", \"expires_at\": \"0001-01-01T00:00:00Z\"}",
        new string('[', 10_000) + new string(']', 10_000),
        "{\"message\": \"" + new string('x', 1_100_000) + "\"}",
    ];

    private static IEnumerable<TestCaseData> BodyEndpoints()
    {
        yield return new TestCaseData("POST", "/apps/{app}/events", true, null).SetName("Ingestion");
        yield return new TestCaseData("POST", "/api/v1/apps/{app}/events/batch", true, null).SetName("Batch ingestion");
        yield return new TestCaseData("POST", "/api/v1/apps/{app}/keys", false, null).SetName("Ingest key creation");
        yield return new TestCaseData("POST", "/api/v1/apps/{app}/keys/1/rotate", false, "grace_seconds").SetName("Ingest key rotation");
        yield return new TestCaseData("POST", "/api/v1/admin/keys", false, null).SetName("Operator key creation");
        yield return new TestCaseData("PUT", "/api/v1/apps/{app}/retention", false, "retention_days").SetName("App retention");
    }

    private static bool IsObjectWithout(string json, string field)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && !document.RootElement.TryGetProperty(field, out _);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    [TestCaseSource(nameof(BodyEndpoints))]
    public async Task Every_bad_body_gets_a_client_error_and_stores_nothing(string method, string path, bool ingestKey, string? onlyField)
    {
        // Endpoints whose one field is optional rightly accept an object without it (unknown fields are ignored).
        foreach (var body in BadBodies.Where(body => onlyField is null || !IsObjectWithout(body, onlyField)))
        {
            var response = await SendAsync(new HttpMethod(method), path, body, ingestKey: ingestKey);
            await AssertClientErrorAsync(response, $"{method} {path} with {body[..Math.Min(body.Length, 60)]}");
        }

        foreach (var contentType in new[] { "text/plain", "application/xml", "multipart/form-data" })
        {
            await AssertClientErrorAsync(await SendAsync(new HttpMethod(method), path, "{}", contentType, ingestKey), $"{method} {path} as {contentType}");
        }

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
        Assert.That(await DatabaseReset.CountAsync("operator_keys"), Is.EqualTo(0));
        Assert.That(await DatabaseReset.CountAsync("ingest_keys"), Is.EqualTo(1), "only the app's first key");
        Assert.That((await Anonymous.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/apps/{app}/events?limit=99999999999999999999")]
    [TestCase("/apps/{app}/events?limit=1&limit=2")]
    [TestCase("/apps/{app}/events?offset=-99999999999999999999")]
    [TestCase("/apps/{app}/events?since=2026-02-10T10:00:00Z&since=garbage")]
    [TestCase("/apps/{app}/events?level=ERROR%00")]
    [TestCase("/apps/{app}/events?cursor=%FF%FE")]
    [TestCase("/apps/{app}/stats/timeseries?interval=HOUR&interval=DAY&since=0001-01-01T00:00:00Z")]
    [TestCase("/apps/{app}/stats/timeseries?since=0001-01-01T00:00:00Z&until=9999-12-31T00:00:00Z&interval=MONTH")]
    [TestCase("/apps/{app}/stats/timeseries?tz=../../etc/passwd")]
    [TestCase("/apps/{app}/stats/timeseries?tz=%00")]
    [TestCase("/apps/{app}/stats/by-level?since=99999-01-01T00:00:00Z")]
    [TestCase("/apps/{app}/stats/top-messages?limit=-1")]
    [TestCase("/apps/{app}/stats/top-messages?limit=2147483648")]
    [TestCase("/apps/..%2F..%2Fetc/passwd")]
    [TestCase("/apps/%2e%2e/1")]
    [TestCase("/apps/1%2F2")]
    [TestCase("/apps/{app}/events/..%2F..%2Fhealth")]
    [TestCase("/api/v1/apps/{app}/keys/abc")]
    [TestCase("/apps/99999999999999999999999/stats/by-level")]
    public async Task Hostile_query_strings_and_paths_get_a_client_error(string path)
    {
        var method = path.Contains("/keys/", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;
        await AssertClientErrorAsync(await SendAsync(method, path, null), path);
        Assert.That((await Anonymous.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_megabyte_app_name_gets_a_client_error()
    {
        await AssertClientErrorAsync(await Operator.PostAsync($"/apps/{new string('a', 1_000_000)}", null), "huge name");
        Assert.That(await DatabaseReset.CountAsync("apps"), Is.EqualTo(1));
    }
}
