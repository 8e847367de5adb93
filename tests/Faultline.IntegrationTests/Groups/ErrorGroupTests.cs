using System.Net;
using System.Text.Json.Nodes;
using Faultline.Domain.Common;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Groups;

/// <summary>Error groups kept at ingest, read back through the canonical API and checked against the stored events.</summary>
public sealed class ErrorGroupTests : ApiTest
{
    private static readonly string[] Statements =
    [
        "Timeout after {0} ms calling 10.0.0.{1}:5432",
        "Card {0} declined for user u-{1}",
        "Disk /dev/sd{1} is {0}% full",
        "Cache warmed in {0} ms",
    ];

    private static readonly string[] Levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
    private static readonly string[] Kinds = ["error", "log", "request", "custom"];

    private async Task PostBatchAsync(long appId, string key, IEnumerable<object> events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch") { Content = Json(new { events }) };
        request.Headers.Add("X-INGEST-KEY", key);
        var response = await Anonymous.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static List<object> GeneratedEvents(Random random, int count) => Enumerable.Range(0, count).Select(_ =>
    {
        var statement = Statements[random.Next(Statements.Length)];
        return (object)new
        {
            kind = Kinds[random.Next(Kinds.Length)],
            level = Levels[random.Next(Levels.Length)],
            name = "Failure",
            message = string.Format(System.Globalization.CultureInfo.InvariantCulture, statement, random.Next(1, 5000), random.Next(1, 9)),
            user_id = random.Next(3) == 0 ? null : $"user-{random.Next(12)}",
            environment = random.Next(2) == 0 ? "prod" : "staging",
            release = $"1.{random.Next(3)}",
            tags = new { region = random.Next(2) == 0 ? "eu" : "us" },
        };
    }).ToList();

    private async Task<List<JsonNode>> AllEventsAsync(long appId)
    {
        var events = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync($"/api/v1/apps/{appId}/events?limit=50" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            events.AddRange(page["items"]!.AsArray().Select(item => item!));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return events;
    }

    private async Task<List<JsonNode>> AllGroupsAsync(long appId, string query = "sort=last_seen")
    {
        var groups = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync($"/api/v1/apps/{appId}/groups?{query}&limit=3" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            groups.AddRange(page["items"]!.AsArray().Select(item => item!));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return groups;
    }

    private static bool BelongsToGroup(JsonNode item) =>
        item["kind"]!.GetValue<string>() == "error" || Array.IndexOf(Levels, item["level"]!.GetValue<string>()) >= 2;

    private static long Id(JsonNode node) => node["id"]!.GetValue<long>();

    [Test]
    public async Task Groups_kept_at_ingest_agree_with_the_events_they_hold()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(11);
        for (var batch = 0; batch < 4; batch++)
        {
            await PostBatchAsync(appId, key, GeneratedEvents(random, 60));
        }

        var events = await AllEventsAsync(appId);
        var groups = (await AllGroupsAsync(appId)).ToDictionary(Id);

        Assert.That(events.Where(item => !BelongsToGroup(item)).Select(item => item["group_id"]), Is.All.Null);
        Assert.That(events.Where(BelongsToGroup).Select(item => item["group_id"]), Is.All.Not.Null);
        var byGroup = events.Where(BelongsToGroup).GroupBy(item => item["group_id"]!.GetValue<long>()).ToList();
        Assert.That(groups.Keys, Is.EquivalentTo(byGroup.Select(group => group.Key)));
        foreach (var members in byGroup)
        {
            var group = groups[members.Key];
            Assert.Multiple(() =>
            {
                Assert.That(members.Select(item => item["fingerprint"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { group["fingerprint"]!.GetValue<string>() }));
                Assert.That(group["count"]!.GetValue<long>(), Is.EqualTo(members.Count()));
                Assert.That(group["users_affected"]!.GetValue<long>(), Is.EqualTo(members.Select(item => item["user_id"]?.GetValue<string>()).Where(user => user is not null).Distinct().Count()));
                Assert.That(group["level"]!.GetValue<string>(), Is.EqualTo(Levels[members.Max(item => Array.IndexOf(Levels, item["level"]!.GetValue<string>()))]));
                Assert.That(group["first_seen"]!.GetValue<DateTime>(), Is.EqualTo(members.Min(item => item["received_at"]!.GetValue<DateTime>())));
                Assert.That(group["last_seen"]!.GetValue<DateTime>(), Is.EqualTo(members.Max(item => item["received_at"]!.GetValue<DateTime>())));
                Assert.That(group["status"]!.GetValue<string>(), Is.EqualTo("unresolved"));
                Assert.That(group["regressed"]!.GetValue<bool>(), Is.False);
            });
        }

        // Another grouping of the same fingerprints never happens: each fingerprint has one group.
        Assert.That(groups.Values.Select(group => group["fingerprint"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(groups.Count));
    }

    [TestCase("last_seen")]
    [TestCase("count")]
    [TestCase("first_seen")]
    public async Task Cursor_and_offset_paging_walk_every_group_once_in_the_sort_order(string sort)
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(5);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await PostBatchAsync(appId, key, GeneratedEvents(random, 40));
        }

        var byCursor = await AllGroupsAsync(appId, $"sort={sort}");
        var byOffset = new List<JsonNode>();
        for (long? offset = 0; offset is not null;)
        {
            var page = await GetJsonAsync($"/api/v1/apps/{appId}/groups?sort={sort}&limit=3&offset={offset}");
            byOffset.AddRange(page["items"]!.AsArray().Select(item => item!));
            offset = page["next_offset"]?.GetValue<long>();
        }

        Func<JsonNode, IComparable> value = sort == "count" ? group => group["count"]!.GetValue<long>() : group => group[sort]!.GetValue<DateTime>();
        var expected = byCursor.OrderByDescending(value).ThenByDescending(Id).Select(Id).ToList();
        Assert.That(byCursor.Select(Id), Is.EqualTo(expected));
        Assert.That(byOffset.Select(Id), Is.EqualTo(expected));
        Assert.That(expected, Is.Unique);
    }

    [Test]
    public async Task Filters_keep_the_groups_that_match_them()
    {
        var (appId, key) = await CreateAppAsync();
        await PostBatchAsync(appId, key,
        [
            new { kind = "error", name = "KeyError", message = "Key sku-1 missing", environment = "prod", release = "2.0" },
            new { kind = "log", level = "WARNING", message = "Disk 91% full", environment = "staging", release = "2.1" },
            new { kind = "log", level = "CRITICAL", message = "Out of memory in worker 3", environment = "prod", release = "2.1" },
            new { kind = "log", level = "INFO", message = "Started in 300 ms", environment = "prod", release = "2.1" },
        ]);
        var all = await AllGroupsAsync(appId);
        long IdOf(string title) => Id(all.Single(group => group["title"]!.GetValue<string>().Contains(title, StringComparison.Ordinal)));
        var keyError = IdOf("KeyError: Key <*> missing");
        var disk = IdOf("Disk");
        var memory = IdOf("Out of memory");
        async Task<List<long>> IdsAsync(string query) =>
            (await GetJsonAsync($"/api/v1/apps/{appId}/groups?{query}"))["items"]!.AsArray().Select(item => Id(item!)).ToList();

        Assert.That(all, Has.Count.EqualTo(3));
        Assert.That(await IdsAsync("kind=error"), Is.EqualTo(new[] { keyError }));
        Assert.That(await IdsAsync("level=critical"), Is.EqualTo(new[] { memory }));
        Assert.That(await IdsAsync("environment=staging"), Is.EqualTo(new[] { disk }));
        Assert.That(await IdsAsync("release=2.1"), Is.EquivalentTo(new[] { disk, memory }));
        Assert.That(await IdsAsync("q=MEMORY"), Is.EqualTo(new[] { memory }));
        Assert.That(await IdsAsync("q=100%25"), Is.Empty);
        Assert.That(await IdsAsync("status=resolved"), Is.Empty);
        Assert.That(await IdsAsync("since=2000-01-01T00:00:00Z&until=2001-01-01T00:00:00Z"), Is.Empty);
        Assert.That(await IdsAsync("since=2000-01-01T00:00:00Z"), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_group_in_detail_shows_its_hours_values_and_latest_events()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new Random(3);
        var events = Enumerable.Range(0, 30).Select(i => (object)new
        {
            kind = "error", name = "Timeout", message = $"Timeout after {random.Next(1000)} ms",
            environment = i % 3 == 0 ? "staging" : "prod", release = i % 2 == 0 ? "1.0" : "1.1", user_agent = "curl/8",
            tags = new { region = i % 5 == 0 ? "us" : "eu" },
        }).ToList();
        await PostBatchAsync(appId, key, events);
        var group = (await AllGroupsAsync(appId)).Single();

        var detail = await GetJsonAsync($"/api/v1/apps/{appId}/groups/{Id(group)}");

        static Dictionary<string, long> Values(JsonNode? list) =>
            list!.AsArray().ToDictionary(item => (item!["key"] is { } key ? key.GetValue<string>() + "=" : string.Empty) + item!["value"]!.GetValue<string>(), item => item!["count"]!.GetValue<long>());
        Assert.Multiple(() =>
        {
            Assert.That(detail["group"]!["count"]!.GetValue<long>(), Is.EqualTo(30));
            Assert.That(detail["hourly"]!.AsArray(), Has.Count.InRange(24, 25));
            Assert.That(detail["hourly"]!.AsArray().Sum(item => item!["count"]!.GetValue<long>()), Is.EqualTo(30));
            Assert.That(Values(detail["environments"]), Is.EquivalentTo(new Dictionary<string, long> { ["prod"] = 20, ["staging"] = 10 }));
            Assert.That(Values(detail["releases"]), Is.EquivalentTo(new Dictionary<string, long> { ["1.0"] = 15, ["1.1"] = 15 }));
            Assert.That(Values(detail["user_agents"]), Is.EquivalentTo(new Dictionary<string, long> { ["curl/8"] = 30 }));
            Assert.That(Values(detail["tags"]), Is.EquivalentTo(new Dictionary<string, long> { ["region=eu"] = 24, ["region=us"] = 6 }));
            Assert.That(detail["latest_events"]!.AsArray(), Has.Count.EqualTo(10));
            Assert.That(detail["latest_events"]!.AsArray().Select(item => item!["group_id"]!.GetValue<long>()), Is.All.EqualTo(Id(group)));
        });
    }

    [Test]
    public async Task A_resolved_group_that_receives_an_event_is_unresolved_and_regressed()
    {
        var (appId, key) = await CreateAppAsync();
        await IngestOkAsync(appId, key, new { kind = "error", message = "Payment 1 failed" });
        var group = (await AllGroupsAsync(appId)).Single();

        var resolved = await Operator.PatchAsync($"/api/v1/apps/{appId}/groups/{Id(group)}", Json(new { status = "resolved" }));
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resolved.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(resolved))["status"]!.GetValue<string>(), Is.EqualTo("resolved"));

        await IngestOkAsync(appId, key, new { kind = "error", message = "Payment 2 failed" });
        var back = (await GetJsonAsync($"/api/v1/apps/{appId}/groups/{Id(group)}"))["group"]!;
        Assert.That(back["status"]!.GetValue<string>(), Is.EqualTo("unresolved"));
        Assert.That(back["regressed"]!.GetValue<bool>(), Is.True);
        Assert.That(back["count"]!.GetValue<long>(), Is.EqualTo(2));

        var again = await ReadJsonAsync(await Operator.PatchAsync($"/api/v1/apps/{appId}/groups/{Id(group)}", Json(new { status = "resolved" })));
        Assert.That(again["regressed"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task An_ignored_group_stays_ignored_when_events_arrive()
    {
        var (appId, key) = await CreateAppAsync();
        await IngestOkAsync(appId, key, new { kind = "error", message = "Payment 1 failed" });
        var group = (await AllGroupsAsync(appId)).Single();
        await Operator.PatchAsync($"/api/v1/apps/{appId}/groups/{Id(group)}", Json(new { status = "ignored" }));

        await IngestOkAsync(appId, key, new { kind = "error", message = "Payment 2 failed" });

        var back = (await GetJsonAsync($"/api/v1/apps/{appId}/groups?status=ignored"))["items"]![0]!;
        Assert.That(back["regressed"]!.GetValue<bool>(), Is.False);
        Assert.That(back["count"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Another_apps_group_an_unknown_group_and_bad_input_are_refused()
    {
        var (appId, key) = await CreateAppAsync();
        var (otherId, _) = await CreateAppAsync("other");
        await IngestOkAsync(appId, key, new { kind = "error", message = "Payment 1 failed" });
        var group = (await AllGroupsAsync(appId)).Single();

        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{otherId}/groups/{Id(group)}"), HttpStatusCode.NotFound, ErrorCodes.ResourceNotFound.Value);
        await AssertErrorAsync(await Operator.PatchAsync($"/api/v1/apps/{otherId}/groups/{Id(group)}", Json(new { status = "resolved" })), HttpStatusCode.NotFound, ErrorCodes.ResourceNotFound.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups/999999"), HttpStatusCode.NotFound, ErrorCodes.ResourceNotFound.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/999999/groups"), HttpStatusCode.NotFound, ErrorCodes.AppNotFound.Value);
        await AssertErrorAsync(await Operator.PatchAsync($"/api/v1/apps/{appId}/groups/{Id(group)}", Json(new { status = "closed" })), HttpStatusCode.BadRequest, ErrorCodes.ValidationError.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups?sort=title"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups?status=open"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups?limit=101"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups?cursor=nonsense"), HttpStatusCode.BadRequest, ErrorCodes.ValidationError.Value);
        var countCursor = (await GetJsonAsync($"/api/v1/apps/{appId}/groups?sort=count&limit=1"))["next_cursor"];
        Assert.That(countCursor, Is.Null);
        await AssertErrorAsync(
            await Operator.GetAsync($"/api/v1/apps/{appId}/groups/{Id(group)}?since=2026-01-01T00:00:00Z&until=2025-01-01T00:00:00Z"),
            HttpStatusCode.BadRequest, ErrorCodes.InvalidTimeRange.Value);
        Assert.That(await DatabaseReset.CountAsync("error_groups"), Is.EqualTo(1));
    }
}
