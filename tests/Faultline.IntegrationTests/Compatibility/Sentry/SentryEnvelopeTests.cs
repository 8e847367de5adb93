using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using static Faultline.IntegrationTests.Compatibility.Sentry.SentryEnvelopes;

namespace Faultline.IntegrationTests.Compatibility.Sentry;

/// <summary>Sentry's envelope and store endpoints, fed envelopes written from the protocol and read back through the canonical API.</summary>
public sealed class SentryEnvelopeTests : ApiTest
{
    public enum KeyIn
    {
        Query,
        Header,
    }

    private async Task<HttpResponseMessage> PostAsync(
        long appId, string? key, byte[] body, KeyIn keyIn = KeyIn.Query, string? encoding = null, string endpoint = "envelope", string? contentType = null)
    {
        var path = $"/api/{appId}/{endpoint}/?sentry_version=7&sentry_client=sentry.javascript.node%2F11.12.0";
        if (key is not null && keyIn == KeyIn.Query)
        {
            path += "&sentry_key=" + key;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(encoding is null ? body : Compress(body, encoding)) };
        if (key is not null && keyIn == KeyIn.Header)
        {
            request.Headers.TryAddWithoutValidation("X-Sentry-Auth", $"Sentry sentry_key={key}, sentry_version=7, sentry_client=sentry.python/2.40.0");
        }

        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        return await Anonymous.SendAsync(request);
    }

    private static async Task AssertAcceptedAsync(HttpResponseMessage response, string? eventId)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(JsonNode.Parse(text)!["id"]?.GetValue<string>(), Is.EqualTo(eventId), text);
        Assert.That(response.Headers.Contains("Retry-After"), Is.False, "a 2xx with Retry-After makes the SDK back off");
        Assert.That(response.Headers.Contains("X-Sentry-Rate-Limits"), Is.False);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var body = JsonNode.Parse(text)!;
        Assert.That(body["code"]?.GetValue<string>(), Is.EqualTo(code), text);
        Assert.That(body["detail"]?.GetValue<string>(), Is.Not.Empty, text);
        Assert.That(body["error"]?["code"]?.GetValue<string>(), Is.EqualTo(code), text);
        Assert.That(body["error"]?["message"]?.GetValue<string>(), Is.EqualTo(body["detail"]?.GetValue<string>()), text);
    }

    private async Task<JsonArray> StoredAsync(long appId) =>
        (await GetJsonAsync($"/api/v1/apps/{appId}/events?limit=50"))["items"]!.AsArray();

    private static void AssertTypeError(JsonNode stored)
    {
        Assert.Multiple(() =>
        {
            Assert.That(stored["kind"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(stored["level"]!.GetValue<string>(), Is.EqualTo("ERROR"));
            Assert.That(stored["name"]!.GetValue<string>(), Is.EqualTo("TypeError"));
            Assert.That(stored["message"]!.GetValue<string>(), Is.EqualTo("TypeError: Cannot read properties of null (reading 'x')"));
            Assert.That(stored["event_id"]!.GetValue<string>(), Is.EqualTo(TypeErrorEventId));
            Assert.That(stored["occurred_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T10:00:00.25Z"));
            Assert.That(stored["user_id"]!.GetValue<string>(), Is.EqualTo("u-7"));
            Assert.That(stored["release"]!.GetValue<string>(), Is.EqualTo("shop@1.2.3"));
            Assert.That(stored["environment"]!.GetValue<string>(), Is.EqualTo("staging"));
            Assert.That(stored["page_url"]!.GetValue<string>(), Is.EqualTo("https://shop.example/checkout"));
            Assert.That(stored["user_agent"]!.GetValue<string>(), Is.EqualTo("Mozilla/5.0 (X11; Linux x86_64)"));
            Assert.That(JsonText(stored["tags"]!), Is.EqualTo("""{"region":"eu"}"""));
            Assert.That(stored["stack"]!["frames"]!.AsArray().Select(frame => frame!["function"]!.GetValue<string>()), Is.EqualTo(new[] { "Server.emit", "pay" }));
            Assert.That(stored["payload"]!["contexts"]!["runtime"]!["name"]!.GetValue<string>(), Is.EqualTo("node"));
            Assert.That(stored["payload"]!["breadcrumbs"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("paying"));
            Assert.That(stored["payload"]!["extra"]!["cart"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(stored["payload"]!["sdk"]!["name"]!.GetValue<string>(), Is.EqualTo("sentry.javascript.node"));
            Assert.That(stored["payload"]!["request"]!["method"]!.GetValue<string>(), Is.EqualTo("POST"));
            Assert.That(stored["payload"]!["user"]!["email"]!.GetValue<string>(), Is.EqualTo("ada@example.com"));
            Assert.That(stored["payload"]!["exception"]!["values"]![0]!["mechanism"]!["handled"]!.GetValue<bool>(), Is.True);
            Assert.That(stored["payload"]!["exception"]!["values"]![0]!.AsObject().ContainsKey("stacktrace"), Is.False, "its frames are the stack, stored once");
        });
    }

    [Test]
    public async Task A_TypeError_envelope_is_stored_with_its_fields_and_answered_with_its_event_id()
    {
        var (appId, key) = await CreateAppAsync();

        await AssertAcceptedAsync(await PostAsync(appId, key, Envelope(TypeErrorEventId, [EventItem(TypeErrorEvent())])), TypeErrorEventId);

        var stored = await StoredAsync(appId);
        Assert.That(stored, Has.Count.EqualTo(1));
        AssertTypeError(stored[0]!);
    }

    [TestCase(false, false)]
    [TestCase(false, true)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    public async Task Items_are_read_with_or_without_a_length_and_with_or_without_a_trailing_newline(bool withLength, bool trailingNewline)
    {
        var (appId, key) = await CreateAppAsync();
        // An attachment's bytes may hold newlines: only its length delimits it.
        var attachment = new Item("attachment", Encoding.UTF8.GetBytes("line one\nline two\n{\"type\":\"event\"}\n"), WithLength: true, Extra: ",\"filename\":\"log.txt\"");
        var envelope = Envelope(TypeErrorEventId, [
            JsonItem("session", SessionPayload(), withLength),
            attachment,
            EventItem(TypeErrorEvent(), withLength),
            JsonItem("client_report", new JsonObject { ["discarded_events"] = new JsonArray() }, withLength),
        ], trailingNewline);

        await AssertAcceptedAsync(await PostAsync(appId, key, envelope), TypeErrorEventId);

        var stored = await StoredAsync(appId);
        Assert.That(stored, Has.Count.EqualTo(1));
        AssertTypeError(stored[0]!);
    }

    [Test]
    public async Task Several_events_in_one_envelope_are_all_stored()
    {
        var (appId, key) = await CreateAppAsync();
        var ids = Enumerable.Range(0, 3).Select(index => Guid.NewGuid().ToString("N")).ToList();

        await AssertAcceptedAsync(
            await PostAsync(appId, key, Envelope(null, ids.Select((id, index) => EventItem(TypeErrorEvent(id), withLength: index % 2 == 0)))), ids[0]);

        Assert.That((await StoredAsync(appId)).Select(item => item!["event_id"]!.GetValue<string>()), Is.EquivalentTo(ids));
    }

    [TestCase("gzip", KeyIn.Header)]
    [TestCase("deflate", KeyIn.Header)]
    [TestCase("br", KeyIn.Header)]
    [TestCase("gzip", KeyIn.Query)]
    public async Task Compressed_envelopes_are_inflated(string encoding, KeyIn keyIn)
    {
        var (appId, key) = await CreateAppAsync();

        var response = await PostAsync(appId, key, Envelope(TypeErrorEventId, [EventItem(TypeErrorEvent())]), keyIn, encoding, contentType: "application/x-sentry-envelope");

        await AssertAcceptedAsync(response, TypeErrorEventId);
        AssertTypeError((await StoredAsync(appId)).Single()!);
    }

    [TestCase(null)]
    [TestCase("gzip")]
    public async Task The_legacy_store_endpoint_takes_one_event(string? encoding)
    {
        var (appId, key) = await CreateAppAsync();

        await AssertAcceptedAsync(await PostAsync(appId, key, Utf8(TypeErrorEvent()), KeyIn.Header, encoding, "store", "application/json"), TypeErrorEventId);

        AssertTypeError((await StoredAsync(appId)).Single()!);
    }

    [Test]
    public async Task An_envelope_with_only_a_session_is_accepted_and_stores_nothing()
    {
        var (appId, key) = await CreateAppAsync();

        await AssertAcceptedAsync(await PostAsync(appId, key, Envelope(null, [JsonItem("session", SessionPayload())], trailingNewline: false)), null);

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task Every_other_item_type_is_accepted_and_skipped()
    {
        var (appId, key) = await CreateAppAsync();
        string[] types = ["session", "sessions", "transaction", "client_report", "attachment", "check_in", "log", "span", "profile_chunk_of_the_future"];

        var response = await PostAsync(appId, key, Envelope(null, types.Select((type, index) => JsonItem(type, new JsonObject { ["n"] = index }, index % 2 == 1))));

        await AssertAcceptedAsync(response, null);
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_retried_envelope_is_stored_once()
    {
        var (appId, key) = await CreateAppAsync();
        var envelope = Envelope(TypeErrorEventId, [EventItem(TypeErrorEvent())]);

        await AssertAcceptedAsync(await PostAsync(appId, key, envelope), TypeErrorEventId);
        await AssertAcceptedAsync(await PostAsync(appId, key, envelope, KeyIn.Header, "gzip"), TypeErrorEventId);

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_captured_message_is_a_log_titled_by_its_message_with_its_stack()
    {
        var (appId, key) = await CreateAppAsync();

        await PostAsync(appId, key, Envelope(null, [EventItem(MessageEvent())]));

        var stored = (await StoredAsync(appId)).Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(stored["kind"]!.GetValue<string>(), Is.EqualTo("log"));
            Assert.That(stored["level"]!.GetValue<string>(), Is.EqualTo("WARNING"));
            Assert.That(stored["message"]!.GetValue<string>(), Is.EqualTo("disk almost full"));
            Assert.That(stored["name"], Is.Null);
            Assert.That(stored["occurred_at"]!.GetValue<string>(), Is.EqualTo("2026-02-10T10:00:00.5Z"));
            Assert.That(stored["stack"]!["frames"]![0]!["filename"]!.GetValue<string>(), Is.EqualTo("/srv/shop/disk.js"));
        });
    }

    [TestCase("fatal", "CRITICAL")]
    [TestCase("error", "ERROR")]
    [TestCase("warning", "WARNING")]
    [TestCase("info", "INFO")]
    [TestCase("debug", "DEBUG")]
    [TestCase("log", "INFO")]
    [TestCase("catastrophic", "ERROR")]
    public async Task Sentry_levels_map_onto_Faultline_levels(string level, string expected)
    {
        var (appId, key) = await CreateAppAsync();
        var sentryEvent = TypeErrorEvent();
        sentryEvent["level"] = level;

        await PostAsync(appId, key, Envelope(null, [EventItem(sentryEvent)]));

        Assert.That((await StoredAsync(appId)).Single()!["level"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_custom_fingerprint_decides_the_group_and_is_kept_in_the_payload()
    {
        var (appId, key) = await CreateAppAsync();
        var typeError = TypeErrorEvent();
        typeError["fingerprint"] = new JsonArray("payments", "declined");
        var message = MessageEvent();
        message["fingerprint"] = new JsonArray("payments", "declined");
        var unusable = MessageEvent("0b7e8a3f2c6d4e5fa1b2c3d4e5f60718");
        unusable["fingerprint"] = new JsonArray(1, 2);

        await PostAsync(appId, key, Envelope(null, [EventItem(typeError), EventItem(message), EventItem(unusable)]));

        var stored = await StoredAsync(appId);
        var byId = stored.ToDictionary(item => item!["event_id"]!.GetValue<string>(), item => item!);
        Assert.That(JsonText(byId[TypeErrorEventId]["payload"]!["fingerprint"]!), Is.EqualTo("""["payments","declined"]"""));
        Assert.That(byId[TypeErrorEventId]["fingerprint"]!.GetValue<string>(), Is.EqualTo(byId[message["event_id"]!.GetValue<string>()]["fingerprint"]!.GetValue<string>()),
            "one fingerprint array, one group, whatever the messages");
        Assert.That(byId["0b7e8a3f2c6d4e5fa1b2c3d4e5f60718"]["fingerprint"]!.GetValue<string>(), Is.Not.EqualTo(byId[TypeErrorEventId]["fingerprint"]!.GetValue<string>()),
            "an array of numbers is no fingerprint: the event is stored and grouped by its message");
    }

    [Test]
    public async Task A_chained_exception_keeps_every_frame_once_the_outermost_ones_as_the_stack()
    {
        var (appId, key) = await CreateAppAsync();
        var chained = TypeErrorEvent();
        var values = chained["exception"]!["values"]!.AsArray();
        var outermost = values[0]!;
        outermost["stacktrace"]!["frames_omitted"] = new JsonArray(1, 4);
        // The cause comes first: Sentry lists exceptions innermost first, so the TypeError stays the outermost.
        values.Insert(0, new JsonObject
        {
            ["type"] = "ConnectionError",
            ["value"] = "socket hang up",
            ["stacktrace"] = new JsonObject { ["frames"] = new JsonArray(new JsonObject { ["filename"] = "node:net", ["function"] = "Socket.onEnd", ["lineno"] = 9 }) },
        });
        var ownStack = MessageEvent("5a1b2c3d4e5f60718293a4b5c6d7e8f9");
        ownStack.Remove("exception");
        ownStack["stacktrace"] = new JsonObject { ["frames"] = new JsonArray(new JsonObject { ["filename"] = "/srv/shop/disk.js", ["function"] = "check", ["lineno"] = 20 }) };

        await PostAsync(appId, key, Envelope(null, [EventItem(chained), EventItem(ownStack)]));

        var byId = (await StoredAsync(appId)).ToDictionary(item => item!["event_id"]!.GetValue<string>(), item => item!);
        var stored = byId[TypeErrorEventId];
        var kept = stored["payload"]!["exception"]!["values"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(stored["name"]!.GetValue<string>(), Is.EqualTo("TypeError"));
            Assert.That(stored["stack"]!["frames"]!.AsArray().Select(frame => frame!["function"]!.GetValue<string>()), Is.EqualTo(new[] { "Server.emit", "pay" }));
            Assert.That(kept[0]!["stacktrace"]!["frames"]!.AsArray().Select(frame => frame!["function"]!.GetValue<string>()), Is.EqualTo(new[] { "Socket.onEnd" }),
                "the cause's frames are only in the payload");
            Assert.That(kept[1]!["stacktrace"]!.AsObject().Select(field => field.Key), Is.EqualTo(new[] { "frames_omitted" }),
                "the stack's frames are not repeated; the rest of their stacktrace is");
            Assert.That(JsonText(kept[1]!["stacktrace"]!["frames_omitted"]!), Is.EqualTo("[1,4]"));
            Assert.That(kept[1]!["mechanism"]!["type"]!.GetValue<string>(), Is.EqualTo("generic"));
            Assert.That(kept[1]!["value"]!.GetValue<string>(), Is.EqualTo("Cannot read properties of null (reading 'x')"));
            Assert.That(byId["5a1b2c3d4e5f60718293a4b5c6d7e8f9"]["stack"]!["frames"]![0]!["function"]!.GetValue<string>(), Is.EqualTo("check"));
            Assert.That(byId["5a1b2c3d4e5f60718293a4b5c6d7e8f9"]["payload"]!.AsObject().ContainsKey("stacktrace"), Is.False,
                "a stacktrace that held only the stack's frames is left out");
        });
    }

    [Test]
    public async Task A_NUL_in_a_frame_groups_as_the_replacement_character_it_is_stored_as()
    {
        var (appId, key) = await CreateAppAsync();
        JsonObject WithFunction(string eventId, string function)
        {
            var sentryEvent = TypeErrorEvent(eventId);
            sentryEvent["exception"]!["values"]![0]!["stacktrace"]!["frames"]![1]!["function"] = function;
            return sentryEvent;
        }

        await PostAsync(appId, key, Envelope(null, [
            EventItem(WithFunction("0c1d2e3f405162738495a6b7c8d9eaf0", "pay\u0000now")),
            EventItem(WithFunction("1c1d2e3f405162738495a6b7c8d9eaf0", "pay\uFFFDnow")),
            EventItem(WithFunction("2c1d2e3f405162738495a6b7c8d9eaf0", "pay_now"))]));

        var byId = (await StoredAsync(appId)).ToDictionary(item => item!["event_id"]!.GetValue<string>(), item => item!["fingerprint"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(byId["0c1d2e3f405162738495a6b7c8d9eaf0"], Is.EqualTo(byId["1c1d2e3f405162738495a6b7c8d9eaf0"]));
            Assert.That(byId["2c1d2e3f405162738495a6b7c8d9eaf0"], Is.Not.EqualTo(byId["1c1d2e3f405162738495a6b7c8d9eaf0"]), "the frame's function is part of the group");
        });
    }

    [Test]
    public async Task Tags_past_the_cap_are_kept_in_the_payload_and_long_values_are_cut()
    {
        var (appId, key) = await CreateAppAsync();
        var sentryEvent = TypeErrorEvent();
        // Tags as a list of pairs, as some SDKs send them; numbers and booleans are tags too.
        var pairs = new JsonArray(Enumerable.Range(0, 70).Select(index => (JsonNode)new JsonArray($"tag{index:D2}", index % 3 == 0 ? JsonValue.Create(index) : $"v{index}")).ToArray());
        pairs.Insert(0, new JsonArray("long", new string('x', 300)));
        sentryEvent["tags"] = pairs;

        await PostAsync(appId, key, Envelope(null, [EventItem(sentryEvent)]));

        var stored = (await StoredAsync(appId)).Single()!;
        var tags = stored["tags"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(tags.Select(tag => tag.Key), Is.EqualTo(Enumerable.Range(0, 63).Select(index => $"tag{index:D2}").Prepend("long")));
            Assert.That(tags["long"]!.GetValue<string>(), Is.EqualTo(new string('x', 256)));
            Assert.That(tags["tag03"]!.GetValue<string>(), Is.EqualTo("3"));
            Assert.That(stored["payload"]!["tags_over_cap"]!.AsObject().Select(tag => tag.Key).ToList(),
                Is.EqualTo(Enumerable.Range(63, 7).Select(index => $"tag{index:D2}")));
        });
    }

    [Test]
    public async Task An_event_whose_fields_have_the_wrong_types_is_stored_with_what_can_be_read()
    {
        var (appId, key) = await CreateAppAsync();
        var hostile = new JsonObject
        {
            ["event_id"] = 12,
            ["level"] = new JsonArray(),
            ["timestamp"] = new JsonObject(),
            ["exception"] = "boom",
            ["message"] = 7,
            ["tags"] = "region:eu",
            ["user"] = new JsonArray("u-1"),
            ["release"] = true,
            ["request"] = "https://shop.example",
            ["contexts"] = 3,
        };

        var response = await PostAsync(appId, key, Envelope(null, [EventItem(hostile)]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var stored = (await StoredAsync(appId)).Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(stored["message"]!.GetValue<string>(), Is.EqualTo("<unlabeled event>"));
            Assert.That(stored["kind"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(stored["level"]!.GetValue<string>(), Is.EqualTo("ERROR"));
            Assert.That(stored["tags"], Is.Null);
            Assert.That(stored["user_id"], Is.Null);
            Assert.That(stored["release"], Is.Null);
            Assert.That(stored["payload"]!["exception"]!.GetValue<string>(), Is.EqualTo("boom"));
            Assert.That(stored["event_id"]!.GetValue<string>(), Has.Length.EqualTo(32));
        });
    }

    [Test]
    public async Task Keys_are_checked_wrong_and_revoked_keys_are_401_and_another_apps_key_is_403()
    {
        var (appId, key) = await CreateAppAsync();
        var (_, otherKey) = await CreateAppAsync("other");
        var envelope = Envelope(null, [EventItem(TypeErrorEvent())]);

        await AssertRefusedAsync(await PostAsync(appId, null, envelope), HttpStatusCode.Unauthorized, "MISSING_API_KEY");
        await AssertRefusedAsync(await PostAsync(appId, "fl_ingest_0000", envelope), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await AssertRefusedAsync(await PostAsync(appId, otherKey, envelope, KeyIn.Header), HttpStatusCode.Forbidden, "KEY_OF_ANOTHER_APP");

        var keyId = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray()[0]!["id"]!.GetValue<long>();
        Assert.That((await Operator.DeleteAsync($"/api/v1/apps/{appId}/keys/{keyId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertRefusedAsync(await PostAsync(appId, key, envelope), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task The_canonical_ingest_headers_are_not_a_DSN_and_the_DSN_key_is_not_a_canonical_credential()
    {
        var (appId, key) = await CreateAppAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{appId}/envelope/") { Content = new ByteArrayContent(Envelope(null, [EventItem(TypeErrorEvent())])) };
        request.Headers.Add("X-INGEST-KEY", key);
        await AssertRefusedAsync(await Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "MISSING_API_KEY");

        using var canonical = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events?sentry_key={key}") { Content = Json(EventBody()) };
        await AssertErrorAsync(await Anonymous.SendAsync(canonical), HttpStatusCode.Unauthorized, "MISSING_API_KEY");
    }

    [Test]
    public async Task A_rate_limited_key_gets_429_with_Retry_After_and_X_Sentry_Rate_Limits()
    {
        var (appId, key) = await CreateAppAsync();
        var keyId = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray()[0]!["id"]!.GetValue<long>();
        var limited = await Operator.PatchAsync($"/api/v1/apps/{appId}/keys/{keyId}", Json(new { rate_limit_per_minute = 1 }));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await AssertAcceptedAsync(await PostAsync(appId, key, Envelope(null, [EventItem(TypeErrorEvent())])), TypeErrorEventId);
        var refused = await PostAsync(appId, key, Envelope(null, [EventItem(MessageEvent())]));

        await AssertRefusedAsync(refused, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        var wait = refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.That(wait, Is.InRange(1, 60));
        Assert.That(refused.Headers.GetValues("X-Sentry-Rate-Limits").Single(), Does.Match($"^{wait}::key(:.*)?$"));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task Browsers_of_any_origin_may_send_envelopes_and_read_the_rate_limit_headers()
    {
        var (appId, key) = await CreateAppAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/{appId}/envelope/");
        preflight.Headers.Add("Origin", "https://any-shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-sentry-auth,sentry-trace,baggage");

        var allowed = await Anonymous.SendAsync(preflight);

        Assert.That((int)allowed.StatusCode, Is.EqualTo(204).Or.EqualTo(200));
        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        Assert.That(string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant(),
            Does.Contain("x-sentry-auth").And.Contain("sentry-trace").And.Contain("baggage").And.Contain("content-type"));

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/{appId}/envelope/?sentry_key={key}") { Content = new ByteArrayContent(Envelope(null, [EventItem(TypeErrorEvent())])) };
        post.Headers.Add("Origin", "https://any-shop.example");
        var sent = await Anonymous.SendAsync(post);

        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(sent.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
        Assert.That(string.Join(",", sent.Headers.GetValues("Access-Control-Expose-Headers")).ToLowerInvariant(),
            Does.Contain("x-sentry-rate-limits").And.Contain("retry-after"));

        // Refusals too, including those the exception handler writes, so the SDK can read why.
        using var malformed = new HttpRequestMessage(HttpMethod.Post, $"/api/{appId}/envelope/?sentry_key={key}") { Content = new ByteArrayContent("not json"u8.ToArray()) };
        malformed.Headers.Add("Origin", "https://any-shop.example");
        var refused = await Anonymous.SendAsync(malformed);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
    }

    [Test]
    public async Task A_full_ingestion_queue_is_a_503_with_Retry_After_and_the_envelope_is_not_stored()
    {
        var (appId, key) = await CreateAppAsync();
        await using var small = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Ingestion:MaxQueuedBytes", "1"));
        using var client = small.CreateClient();
        Task<HttpResponseMessage> SendAsync(JsonObject sentryEvent) =>
            client.PostAsync($"/api/{appId}/envelope/?sentry_key={key}", new ByteArrayContent(Envelope(null, [EventItem(sentryEvent)])));

        // A table lock holds the first envelope's commit, so it stays queued while the second one arrives.
        await using var blocker = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockEvents = new Npgsql.NpgsqlCommand("LOCK TABLE event_counts_minute IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockEvents.ExecuteNonQueryAsync();
        }

        var first = SendAsync(TypeErrorEvent());
        await Task.Delay(500);
        var second = await SendAsync(MessageEvent());
        await transaction.RollbackAsync();

        await AssertRefusedAsync(second, HttpStatusCode.ServiceUnavailable, "INGESTION_UNAVAILABLE");
        Assert.That(second.Headers.RetryAfter, Is.Not.Null);
        await AssertAcceptedAsync(await first, TypeErrorEventId);
        Assert.That((await StoredAsync(appId)).Select(item => item!["event_id"]!.GetValue<string>()), Is.EqualTo(new[] { TypeErrorEventId }));
    }
}
