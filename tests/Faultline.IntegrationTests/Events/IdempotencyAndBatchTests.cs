using System.Net;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Events;

public sealed class IdempotencyAndBatchTests : ApiTest
{
    private async Task<HttpResponseMessage> PostBatchAsync(long appId, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch") { Content = Json(body) };
        request.Headers.Add("X-INGEST-KEY", key);
        return await Anonymous.SendAsync(request);
    }

    private static object Event(string message, string? eventId = null) =>
        new { occurred_at = "2026-02-10T10:00:00Z", level = "ERROR", message, event_id = eventId };

    [Test]
    public async Task A_repeated_event_id_is_stored_once_and_answered_as_a_duplicate()
    {
        var (appId, key) = await CreateAppAsync();

        var first = await IngestAsync(appId, key, Event("boom", "evt-1"));
        var second = await IngestAsync(appId, key, Event("boom again", "evt-1"));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var firstBody = await ReadJsonAsync(first);
        var secondBody = await ReadJsonAsync(second);
        Assert.Multiple(() =>
        {
            Assert.That(firstBody["duplicate"]!.GetValue<bool>(), Is.False);
            Assert.That(secondBody["duplicate"]!.GetValue<bool>(), Is.True);
            Assert.That(secondBody["id"]!.GetValue<long>(), Is.EqualTo(firstBody["id"]!.GetValue<long>()));
            Assert.That(secondBody["received_at"]!.GetValue<string>(), Is.EqualTo(firstBody["received_at"]!.GetValue<string>()));
        });
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
        Assert.That((await GetJsonAsync($"/apps/{appId}/stats/by-level?since=2000-01-01T00:00:00Z&until=2100-01-01T00:00:00Z"))["items"]![0]!["count"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_event_id_in_two_apps_is_two_events()
    {
        var (one, oneKey) = await CreateAppAsync("one");
        var (two, twoKey) = await CreateAppAsync("two");

        Assert.That((await IngestAsync(one, oneKey, Event("m", "shared"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await IngestAsync(two, twoKey, Event("m", "shared"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Concurrent_requests_with_one_event_id_store_it_once()
    {
        var (appId, key) = await CreateAppAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => IngestAsync(appId, key, Event("race", "same-id"))));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(19));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_batch_counts_duplicates_within_itself_and_against_stored_events()
    {
        var (appId, key) = await CreateAppAsync();
        var storedId = (await ReadJsonAsync(await IngestAsync(appId, key, Event("old", "a"))))["id"]!.GetValue<long>();

        var response = await PostBatchAsync(appId, key, new
        {
            events = new[] { Event("dup of stored", "a"), Event("new b", "b"), Event("dup in batch", "b"), Event("no id"), Event("new c", "c") },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        var ids = body["ids"]!.AsArray().Select(id => id!.GetValue<long>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body["accepted"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(body["duplicates"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body["total"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(ids, Has.Count.EqualTo(5));
            Assert.That(ids[0], Is.EqualTo(storedId));
            Assert.That(ids[2], Is.EqualTo(ids[1]));
            Assert.That(ids.Distinct().Count(), Is.EqualTo(4));
        });
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(4));
    }

    [Test]
    public async Task New_event_ids_are_stored_under_the_ids_their_claims_hold_and_answered_with_them()
    {
        var (appId, key) = await CreateAppAsync();
        var eventIds = Enumerable.Range(0, 7).Select(i => $"evt-new-{i}").ToList();

        var response = await PostBatchAsync(appId, key, new { events = eventIds.Select(id => Event($"m {id}", id)).Append(Event("no id")).ToArray() });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var answered = (await ReadJsonAsync(response))["ids"]!.AsArray().Select(id => id!.GetValue<long>()).ToList();
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        var claimed = (await Dapper.SqlMapper.QueryAsync<(string EventId, long Id)>(
            connection, "SELECT event_id, id FROM event_ids WHERE app_id = @appId", new { appId })).ToDictionary(row => row.EventId, row => row.Id);
        var stored = (await Dapper.SqlMapper.QueryAsync<(string EventId, long Id)>(
            connection, "SELECT event_id, id FROM events WHERE app_id = @appId", new { appId })).ToDictionary(row => row.EventId, row => row.Id);
        Assert.Multiple(() =>
        {
            Assert.That(claimed.Keys, Is.EquivalentTo(eventIds));
            Assert.That(eventIds.Select(id => stored[id]), Is.EqualTo(eventIds.Select(id => claimed[id])));
            Assert.That(answered.Take(eventIds.Count), Is.EqualTo(eventIds.Select(id => claimed[id])));
            Assert.That(stored, Has.Count.EqualTo(eventIds.Count + 1));
            Assert.That(answered.Distinct().Count(), Is.EqualTo(eventIds.Count + 1));
        });
    }

    [Test]
    public async Task A_batch_with_an_invalid_event_is_rejected_whole_with_errors_by_index()
    {
        var (appId, key) = await CreateAppAsync();

        var response = await PostBatchAsync(appId, key, new
        {
            events = new object[]
            {
                Event("fine"),
                new { occurred_at = "2026-02-10T10:00:00Z", level = "LOUD", message = "bad level" },
                Event("fine too"),
                new { occurred_at = "2026-02-10T10:00:00Z", level = "INFO", message = " " },
            },
        });

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var errors = body["error"]!["details"]!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(errors["1"]!["field"]!.GetValue<string>(), Is.EqualTo("level"));
        Assert.That(errors["3"]!["field"]!.GetValue<string>(), Is.EqualTo("message"));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [TestCase(0)]
    [TestCase(1001)]
    public async Task A_batch_holds_1_to_1000_events(int count)
    {
        var (appId, key) = await CreateAppAsync();
        var response = await PostBatchAsync(appId, key, new { events = Enumerable.Range(0, count).Select(i => Event($"m{i}")).ToArray() });
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_batch_of_1000_is_accepted()
    {
        var (appId, key) = await CreateAppAsync();
        var response = await PostBatchAsync(appId, key, new { events = Enumerable.Range(0, 1000).Select(i => Event($"m{i % 7}", $"id-{i}")).ToArray() });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(response))["accepted"]!.GetValue<int>(), Is.EqualTo(1000));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1000));
    }

    [TestCase("{}")]
    [TestCase("{\"events\": null}")]
    [TestCase("{\"events\": {}}")]
    [TestCase("{\"events\": [null]}")]
    [TestCase("{\"events\": [5]}")]
    [TestCase("[]")]
    public async Task Malformed_batches_are_refused(string json)
    {
        var (appId, key) = await CreateAppAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events/batch")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-INGEST-KEY", key);
        await AssertErrorAsync(await Anonymous.SendAsync(request), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task A_batch_needs_the_apps_ingest_key()
    {
        var (appId, _) = await CreateAppAsync("one");
        var (_, otherKey) = await CreateAppAsync("two");
        await AssertErrorAsync(await PostBatchAsync(appId, otherKey, new { events = new[] { Event("m") } }), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [Test]
    public async Task Every_field_of_the_event_store_is_accepted_and_returned()
    {
        var (appId, key) = await CreateAppAsync();
        var response = await PostBatchAsync(appId, key, new
        {
            events = new object[]
            {
                new
                {
                    kind = "request", name = "GET /orders", http_method = "get", http_path = "/orders", status_code = 503, duration_ms = 812.5,
                    user_id = "u-1", session_id = "s-1", release = "1.4.2", environment = "prod", user_agent = "curl/8",
                },
                new { kind = "performance", name = "LCP", page_url = "https://shop.example/", payload = new { value = 2300 } },
                new { kind = "custom", name = "user_signup", event_id = "evt_1", occurred_at = "2024-01-30T12:34:56Z", payload = new { referrer = "google.com" } },
            },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        var byKind = (await GetJsonAsync($"/apps/{appId}/events"))["items"]!.AsArray().ToDictionary(item => item!["kind"]!.GetValue<string>());
        var items = new[] { byKind["request"], byKind["performance"], byKind["custom"] };
        var request = items[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(request["kind"]!.GetValue<string>(), Is.EqualTo("request"));
            Assert.That(request["level"]!.GetValue<string>(), Is.EqualTo("ERROR"));
            Assert.That(request["message"]!.GetValue<string>(), Is.EqualTo("GET /orders"));
            Assert.That(request["http_method"]!.GetValue<string>(), Is.EqualTo("GET"));
            Assert.That(request["status_code"]!.GetValue<int>(), Is.EqualTo(503));
            Assert.That(request["duration_ms"]!.GetValue<double>(), Is.EqualTo(812.5));
            Assert.That(request["user_id"]!.GetValue<string>(), Is.EqualTo("u-1"));
            Assert.That(request["fingerprint"]!.GetValue<string>(), Has.Length.EqualTo(32));
            Assert.That(request["event_id"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(items[1]!["payload"]!["value"]!.GetValue<int>(), Is.EqualTo(2300));
            Assert.That(items[1]!["level"]!.GetValue<string>(), Is.EqualTo("INFO"));
            Assert.That(items[2]!["event_id"]!.GetValue<string>(), Is.EqualTo("evt_1"));
            Assert.That(items[2]!["occurred_at"]!.GetValue<string>(), Is.EqualTo("2024-01-30T12:34:56Z"));
        });
    }

    [Test]
    public async Task Cursor_paging_walks_every_event_once_in_order()
    {
        var (appId, key) = await CreateAppAsync();
        var start = new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero);
        var expected = new List<long>();
        for (var i = 0; i < 23; i++)
        {
            // Three events share each instant, so the cursor must break ties by id.
            App.Clock.Pin(start.AddSeconds(i / 3));
            expected.Add(await IngestOkAsync(appId, key, Event($"e{i}")));
        }

        expected.Reverse();
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync($"/apps/{appId}/events?limit=5" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            seen.AddRange(page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<long>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(expected));
    }

    [TestCase("not-a-cursor")]
    [TestCase("MTIz")]
    [TestCase("%00")]
    public async Task A_forged_cursor_is_refused(string cursor)
    {
        var (appId, _) = await CreateAppAsync();
        await AssertErrorAsync(await Operator.GetAsync($"/apps/{appId}/events?cursor={cursor}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Rollups_equal_a_plain_GROUP_BY_over_the_events()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(7);
        var levels = new[] { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" };
        var kinds = new[] { "error", "log", "request" };
        for (var request = 0; request < 30; request++)
        {
            App.Clock.Pin(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(3 * 24 * 3600)));
            var events = Enumerable.Range(0, random.Next(1, 20))
                .Select(_ => new { kind = kinds[random.Next(3)], level = levels[random.Next(5)], name = "n", message = $"message {random.Next(6)}" })
                .ToArray();
            Assert.That((await PostBatchAsync(appId, key, new { events })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        async Task<List<string>> Rows(string sql) =>
            (await Dapper.SqlMapper.QueryAsync<string>(connection, sql)).ToList();

        Assert.That(
            await Rows("SELECT concat_ws('|', app_id, minute, level, kind, count) FROM event_counts_minute ORDER BY 1"),
            Is.EqualTo(await Rows("SELECT concat_ws('|', app_id, date_trunc('minute', received_at, 'UTC'), level, kind, count(*)) FROM events GROUP BY app_id, date_trunc('minute', received_at, 'UTC'), level, kind ORDER BY 1")));
        Assert.That(
            await Rows("SELECT concat_ws('|', app_id, hour, level, kind, count) FROM event_counts_hour ORDER BY 1"),
            Is.EqualTo(await Rows("SELECT concat_ws('|', app_id, date_trunc('hour', received_at, 'UTC'), level, kind, count(*)) FROM events GROUP BY app_id, date_trunc('hour', received_at, 'UTC'), level, kind ORDER BY 1")));
        Assert.That(
            await Rows("SELECT concat_ws('|', app_id, hour, level, encode(message_hash, 'hex'), message, count, last_seen) FROM message_counts_hour ORDER BY 1"),
            Is.EqualTo(await Rows("SELECT concat_ws('|', app_id, date_trunc('hour', received_at, 'UTC'), level, encode(sha256(convert_to(message, 'UTF8')), 'hex'), message, count(*), max(received_at)) FROM events GROUP BY app_id, date_trunc('hour', received_at, 'UTC'), level, message ORDER BY 1")));
        Assert.That(
            await Rows("SELECT concat_ws('|', app_id, day, level, encode(message_hash, 'hex'), message, count, last_seen) FROM message_counts_day ORDER BY 1"),
            Is.EqualTo(await Rows("SELECT concat_ws('|', app_id, date_trunc('day', received_at, 'UTC'), level, encode(sha256(convert_to(message, 'UTF8')), 'hex'), message, count(*), max(received_at)) FROM events GROUP BY app_id, date_trunc('day', received_at, 'UTC'), level, message ORDER BY 1")));
    }
}
