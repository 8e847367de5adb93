using System.Net;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Events;

public sealed class EventListTests : ApiTest
{
    private static readonly DateTimeOffset Start = new(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Ingests events one second apart (by the server's clock), levels cycling ERROR, INFO, WARNING.</summary>
    private async Task<(long AppId, List<long> Ids)> SeedAsync(int count)
    {
        var (appId, key) = await CreateAppAsync();
        var levels = new[] { "ERROR", "INFO", "WARNING" };
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            App.Clock.Pin(Start.AddSeconds(i));
            ids.Add(await IngestOkAsync(appId, key, EventBody(message: $"event {i}", level: levels[i % 3])));
        }

        App.Clock.Release();
        return (appId, ids);
    }

    [Test]
    public async Task Events_come_newest_first_with_every_field_of_seed_000()
    {
        var (appId, ids) = await SeedAsync(3);

        var page = await GetJsonAsync($"/apps/{appId}/events");

        var items = page["items"]!.AsArray();
        Assert.That(items.Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(ids.AsEnumerable().Reverse()));
        Assert.That(items[0]!.AsObject().Select(p => p.Key),
            Is.SupersetOf(new[] { "id", "app_id", "occurred_at", "received_at", "level", "message", "stack", "tags" }));
        Assert.That(page["next_offset"], Is.Null);
    }

    [Test]
    public async Task Events_received_at_the_same_instant_are_ordered_by_id_descending()
    {
        var (appId, key) = await CreateAppAsync();
        App.Clock.Pin(Start);
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await IngestOkAsync(appId, key, EventBody()));
        }

        var items = (await GetJsonAsync($"/apps/{appId}/events"))["items"]!.AsArray();
        Assert.That(items.Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(ids.AsEnumerable().Reverse()));
    }

    [Test]
    public async Task Paging_walks_every_event_once_and_next_offset_ends_with_null()
    {
        var (appId, ids) = await SeedAsync(25);
        var seen = new List<long>();
        long? offset = 0;
        var pages = 0;
        while (offset is not null)
        {
            var page = await GetJsonAsync($"/apps/{appId}/events?limit=10&offset={offset}");
            var items = page["items"]!.AsArray();
            seen.AddRange(items.Select(i => i!["id"]!.GetValue<long>()));
            offset = page["next_offset"]?.GetValue<long>();
            if (offset is not null)
            {
                Assert.That(offset, Is.EqualTo(seen.Count));
            }

            pages++;
        }

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(ids.AsEnumerable().Reverse()));
    }

    [Test]
    public async Task The_default_limit_is_20()
    {
        var (appId, _) = await SeedAsync(21);
        var page = await GetJsonAsync($"/apps/{appId}/events");
        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(20));
        Assert.That(page["next_offset"]!.GetValue<long>(), Is.EqualTo(20));
    }

    [Test]
    public async Task A_page_that_ends_exactly_at_the_last_event_has_no_next_offset()
    {
        var (appId, _) = await SeedAsync(10);
        var page = await GetJsonAsync($"/apps/{appId}/events?limit=10");
        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(10));
        Assert.That(page["next_offset"], Is.Null);
    }

    [Test]
    public async Task The_level_filter_keeps_only_that_level_and_accepts_aliases()
    {
        var (appId, _) = await SeedAsync(9);

        var warnings = (await GetJsonAsync($"/apps/{appId}/events?level=warn"))["items"]!.AsArray();

        Assert.That(warnings, Has.Count.EqualTo(3));
        Assert.That(warnings.Select(i => i!["level"]!.GetValue<string>()), Is.All.EqualTo("WARNING"));
    }

    [Test]
    public async Task Since_and_until_filter_received_at_as_a_half_open_window()
    {
        var (appId, ids) = await SeedAsync(10);
        var since = Uri.EscapeDataString(Start.AddSeconds(3).ToString("O"));
        var until = Uri.EscapeDataString(Start.AddSeconds(7).ToString("O"));

        var items = (await GetJsonAsync($"/apps/{appId}/events?since={since}&until={until}&limit=50"))["items"]!.AsArray();

        Assert.That(items.Select(i => i!["id"]!.GetValue<long>()), Is.EqualTo(ids.Skip(3).Take(4).Reverse()));
    }

    [Test]
    public async Task Filters_combine()
    {
        var (appId, _) = await SeedAsync(12);
        var since = Uri.EscapeDataString(Start.AddSeconds(6).ToString("O"));

        var items = (await GetJsonAsync($"/apps/{appId}/events?level=ERROR&since={since}"))["items"]!.AsArray();

        Assert.That(items.Select(i => i!["message"]!.GetValue<string>()), Is.EqualTo(new[] { "event 9", "event 6" }));
    }

    [Test]
    public async Task Events_of_other_apps_never_appear()
    {
        var (appId, _) = await SeedAsync(2);
        var (otherId, otherKey) = await CreateAppAsync("other");
        await IngestOkAsync(otherId, otherKey, EventBody(message: "other app"));

        var items = (await GetJsonAsync($"/apps/{appId}/events"))["items"]!.AsArray();
        Assert.That(items.Select(i => i!["app_id"]!.GetValue<long>()), Is.All.EqualTo(appId));
    }

    [TestCase("limit=0")]
    [TestCase("limit=51")]
    [TestCase("limit=-5")]
    [TestCase("limit=abc")]
    [TestCase("limit=99999999999999")]
    [TestCase("offset=-1")]
    [TestCase("offset=x")]
    [TestCase("level=LOUD")]
    [TestCase("since=yesterday")]
    [TestCase("until=2026-13-01T00:00:00Z")]
    public async Task Bad_query_parameters_are_a_400(string query)
    {
        var (appId, _) = await CreateAppAsync();
        await AssertErrorAsync(await Operator.GetAsync($"/apps/{appId}/events?{query}"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Since_not_before_until_is_an_invalid_time_range()
    {
        var (appId, _) = await CreateAppAsync();
        await AssertErrorAsync(
            await Operator.GetAsync($"/apps/{appId}/events?since=2026-02-10T10:00:00Z&until=2026-02-10T10:00:00Z"),
            HttpStatusCode.BadRequest, "INVALID_TIME_RANGE");
    }

    [Test]
    public async Task Listing_events_of_an_unknown_app_is_not_found()
    {
        await AssertErrorAsync(await Operator.GetAsync("/apps/424242/events"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
    }

    [Test]
    public async Task Listing_events_needs_operator_credentials()
    {
        var (appId, key) = await CreateAppAsync();
        await AssertErrorAsync(await Anonymous.GetAsync($"/apps/{appId}/events"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        using var withIngestKey = new HttpRequestMessage(HttpMethod.Get, $"/apps/{appId}/events");
        withIngestKey.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        await AssertErrorAsync(await Anonymous.SendAsync(withIngestKey), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
