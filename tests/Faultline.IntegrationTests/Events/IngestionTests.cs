using Faultline.IntegrationTests;
using System.Net;
using System.Text;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Events;

public sealed class IngestionTests : ApiTest
{
    [Test]
    public async Task An_event_with_a_valid_key_is_stored_and_acknowledged_with_id_app_and_receipt_time()
    {
        var (appId, key) = await CreateAppAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var response = await IngestAsync(appId, key, new
        {
            occurred_at = "2026-02-10T10:00:00Z",
            level = "ERROR",
            message = "TimeoutError: request timed out",
            stack = new { frames = new[] { new { file = "a.py", line = 3 } } },
            tags = new { env = "prod", version = "1.2.3" },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["id"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(body["app_id"]!.GetValue<long>(), Is.EqualTo(appId));
            Assert.That(DateTime.Parse(body["received_at"]!.GetValue<string>()).ToUniversalTime(), Is.GreaterThan(before));
        });

        var stored = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(stored["message"]!.GetValue<string>(), Is.EqualTo("TimeoutError: request timed out"));
            Assert.That(stored["level"]!.GetValue<string>(), Is.EqualTo("ERROR"));
            Assert.That(stored["occurred_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T10:00:00Z"));
            Assert.That(stored["stack"]!["frames"]![0]!["line"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(stored["tags"]!["version"]!.GetValue<string>(), Is.EqualTo("1.2.3"));
        });
    }

    [TestCase("warn", "WARNING")]
    [TestCase("Warning", "WARNING")]
    [TestCase("fatal", "CRITICAL")]
    [TestCase("critical", "CRITICAL")]
    [TestCase("debug", "DEBUG")]
    [TestCase("Info", "INFO")]
    public async Task Levels_are_read_without_regard_to_case_and_aliases_are_stored_canonically(string sent, string stored)
    {
        var (appId, key) = await CreateAppAsync();
        await IngestOkAsync(appId, key, EventBody(level: sent));

        var item = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.That(item["level"]!.GetValue<string>(), Is.EqualTo(stored));
    }

    [TestCase("2026-02-10T10:00:00+02:00", "2026-02-10T08:00:00Z")]
    [TestCase("2026-02-10T10:00:00", "2026-02-10T10:00:00Z")]
    [TestCase("2026-02-10T10:00:00.123Z", "2026-02-10T10:00:00.123Z")]
    public async Task Occurred_at_is_read_as_RFC_3339_and_returned_in_UTC(string sent, string expected)
    {
        var (appId, key) = await CreateAppAsync();
        await IngestOkAsync(appId, key, EventBody(occurredAt: sent));

        var item = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.That(item["occurred_at"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Without_a_key_ingestion_is_refused_as_missing()
    {
        var (appId, _) = await CreateAppAsync();
        await AssertErrorAsync(await IngestRawAsync(appId, null, "{}"), HttpStatusCode.Unauthorized, "MISSING_API_KEY");
    }

    [Test]
    public async Task A_wrong_key_a_foreign_key_and_an_unknown_app_are_all_invalid_alike()
    {
        var (appId, _) = await CreateAppAsync("one");
        var (_, otherKey) = await CreateAppAsync("two");
        var body = System.Text.Json.JsonSerializer.Serialize(EventBody());

        await AssertErrorAsync(await IngestRawAsync(appId, "fl_ingest_wrong", body), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await AssertErrorAsync(await IngestRawAsync(appId, otherKey, body), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await AssertErrorAsync(await IngestRawAsync(999, otherKey, body), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_revoked_key_is_invalid()
    {
        var (appId, key) = await CreateAppAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.OpenAsync();
            await using var revoke = new Npgsql.NpgsqlCommand("UPDATE ingest_keys SET revoked_at = now()", connection);
            await revoke.ExecuteNonQueryAsync();
        }

        await AssertErrorAsync(await IngestAsync(appId, key, EventBody()), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [Test]
    public async Task The_key_is_also_accepted_as_X_API_Key_and_as_a_bearer_token()
    {
        var (appId, key) = await CreateAppAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(EventBody());

        using var apiKey = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        apiKey.Headers.Add("X-API-Key", key);
        using var bearer = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        Assert.That((await Anonymous.SendAsync(apiKey)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await Anonymous.SendAsync(bearer)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(2));
    }

    [Test]
    public async Task The_operator_token_cannot_ingest()
    {
        var (appId, _) = await CreateAppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
        await AssertErrorAsync(await Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    private static IEnumerable<TestCaseData> BadBodies()
    {
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", ").SetName("Truncated JSON is refused");
        yield return new TestCaseData("not json at all").SetName("Text that is not JSON is refused");
        yield return new TestCaseData("").SetName("An empty body is refused");
        yield return new TestCaseData("[]").SetName("A JSON array instead of an object is refused");
        yield return new TestCaseData("null").SetName("A JSON null body is refused");
        yield return new TestCaseData("{\"level\": \"ERROR\", \"message\": \"m\"}").SetName("A missing occurred_at is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"message\": \"m\"}").SetName("A missing level is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\"}").SetName("A missing message is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"   \"}").SetName("A blank message is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"\"}").SetName("An empty message is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"LOUD\", \"message\": \"m\"}").SetName("An unknown level is refused");
        yield return new TestCaseData("{\"occurred_at\": \"yesterday\", \"level\": \"ERROR\", \"message\": \"m\"}").SetName("An unparseable timestamp is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-30T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\"}").SetName("An impossible date is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T25:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\"}").SetName("An impossible hour is refused");
        yield return new TestCaseData("{\"occurred_at\": 1700000000, \"level\": \"ERROR\", \"message\": \"m\"}").SetName("A number for occurred_at is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": 3, \"message\": \"m\"}").SetName("A number for level is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": [\"m\"]}").SetName("An array for message is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"stack\": \"trace\"}").SetName("A string stack is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"stack\": [1, 2]}").SetName("An array stack is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"tags\": {\"a\": {\"b\": \"c\"}}}").SetName("Nested tags are refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"tags\": {\"a\": 1}}").SetName("A number tag value is refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"tags\": [\"a\"]}").SetName("Tags as an array are refused");
        yield return new TestCaseData("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"tags\": {\"\": \"v\"}}").SetName("An empty tag key is refused");
    }

    [Test]
    public async Task A_body_in_UTF_16_is_read_as_MVC_reads_it_and_the_answer_is_JSON_with_its_length()
    {
        var (appId, key) = await CreateAppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(EventBody(message: "caf\u00e9 closed")), Encoding.Unicode, "application/json"),
        };
        request.Headers.Add("X-INGEST-KEY", key);

        var response = await Anonymous.SendAsync(request);

        var answer = await response.Content.ReadAsByteArrayAsync();
        var stored = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), Encoding.UTF8.GetString(answer));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(answer.Length));
            Assert.That(System.Text.Json.Nodes.JsonNode.Parse(answer)!["id"]!.GetValue<long>(), Is.EqualTo(stored["id"]!.GetValue<long>()));
            Assert.That(stored["message"]!.GetValue<string>(), Is.EqualTo("caf\u00e9 closed"));
        });
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Bad_bodies_get_a_400_envelope_and_store_nothing(string json)
    {
        var (appId, key) = await CreateAppAsync();

        var response = await IngestRawAsync(appId, key, json);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_message_of_8192_characters_is_accepted_and_8193_is_refused()
    {
        var (appId, key) = await CreateAppAsync();

        await IngestOkAsync(appId, key, EventBody(message: new string('m', 8192)));
        await AssertErrorAsync(await IngestAsync(appId, key, EventBody(message: new string('m', 8193))), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task Tags_are_limited_to_64_with_keys_of_128_and_values_of_256_characters()
    {
        var (appId, key) = await CreateAppAsync();
        Dictionary<string, string> Tags(int count, int keyLength = 3, int valueLength = 3) =>
            Enumerable.Range(0, count).ToDictionary(i => i.ToString("D3") + new string('k', keyLength - 3), _ => new string('v', valueLength));
        object Body(Dictionary<string, string> tags) => new { occurred_at = "2026-02-10T10:00:00Z", level = "INFO", message = "m", tags };

        await IngestOkAsync(appId, key, Body(Tags(64, 128, 256)));
        await AssertErrorAsync(await IngestAsync(appId, key, Body(Tags(65))), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await IngestAsync(appId, key, Body(Tags(1, keyLength: 129))), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await IngestAsync(appId, key, Body(Tags(1, valueLength: 257))), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await IngestAsync(appId, key, Body(Tags(10_000))), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task JSON_nested_deeper_than_64_levels_is_refused()
    {
        var (appId, key) = await CreateAppAsync();
        var deep = new string('[', 100) + new string(']', 100);
        var json = "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"stack\": {\"deep\": " + deep + "}}";

        await AssertErrorAsync(await IngestRawAsync(appId, key, json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task JSON_nested_10000_levels_deep_is_refused_and_the_service_stays_up()
    {
        var (appId, key) = await CreateAppAsync();
        var json = "{\"stack\": " + new string('[', 10_000) + new string(']', 10_000) + "}";

        await AssertErrorAsync(await IngestRawAsync(appId, key, json), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That((await Anonymous.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_body_over_one_mebibyte_is_too_large()
    {
        var (appId, key) = await CreateAppAsync();
        var json = "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"stack\": {\"blob\": \"" + new string('x', 1024 * 1024) + "\"}}";

        await AssertErrorAsync(await IngestRawAsync(appId, key, json), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_body_over_one_mebibyte_without_a_declared_length_is_too_large()
    {
        var (appId, key) = await CreateAppAsync();
        var json = "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"stack\": {\"blob\": \"" + new string('x', 1024 * 1024) + "\"}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-INGEST-KEY", key);

        await AssertErrorAsync(await Anonymous.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/x-www-form-urlencoded")]
    public async Task A_content_type_other_than_JSON_is_unsupported(string contentType)
    {
        var (appId, key) = await CreateAppAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(EventBody());

        await AssertErrorAsync(await IngestRawAsync(appId, key, json, contentType), HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task NUL_characters_anywhere_are_stored_as_the_replacement_character()
    {
        var (appId, key) = await CreateAppAsync();
        const string json = "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"a\\u0000b\", " +
            "\"stack\": {\"k\\u0000\": [\"x\\u0000y\"]}, \"tags\": {\"t\\u0000\": \"v\\u0000\"}}";

        var response = await IngestRawAsync(appId, key, json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var item = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(item["message"]!.GetValue<string>(), Is.EqualTo("a\uFFFDb"));
            Assert.That(item["stack"]!["k\uFFFD"]![0]!.GetValue<string>(), Is.EqualTo("x\uFFFDy"));
            Assert.That(item["tags"]!["t\uFFFD"]!.GetValue<string>(), Is.EqualTo("v\uFFFD"));
        });
    }

    [Test]
    public async Task SQL_looking_text_is_stored_verbatim()
    {
        var (appId, key) = await CreateAppAsync();
        const string message = "'; DROP TABLE events; -- \" OR 1=1 /* $$ */";

        await IngestOkAsync(appId, key, new { occurred_at = "2026-02-10T10:00:00Z", level = "ERROR", message, tags = new { q = "' OR ''='" } });

        var item = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.That(item["message"]!.GetValue<string>(), Is.EqualTo(message));
        Assert.That(item["tags"]!["q"]!.GetValue<string>(), Is.EqualTo("' OR ''='"));
    }

    [Test]
    public async Task Unicode_beyond_the_basic_plane_counts_as_one_character_per_code_point()
    {
        var (appId, key) = await CreateAppAsync();
        var emoji = string.Concat(Enumerable.Repeat("😀", 8192));

        await IngestOkAsync(appId, key, EventBody(message: emoji));
        var item = (await GetJsonAsync($"/apps/{appId}/events"))["items"]![0]!;
        Assert.That(item["message"]!.GetValue<string>(), Is.EqualTo(emoji));
    }

    [Test]
    public async Task Invalid_UTF8_is_refused()
    {
        var (appId, key) = await CreateAppAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"X\"}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3; // a lead byte with no continuation
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-INGEST-KEY", key);

        await AssertErrorAsync(await Anonymous.SendAsync(request), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}
