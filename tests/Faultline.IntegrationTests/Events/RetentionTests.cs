using System.Net;
using Dapper;
using Faultline.Infrastructure.Maintenance;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Faultline.IntegrationTests.Events;

public sealed class RetentionTests : ApiTest
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 30, 0, TimeSpan.Zero);

    private async Task IngestAtAsync(long appId, string key, DateTimeOffset at, string message, string? eventId = null)
    {
        App.Clock.Pin(at);
        var response = await IngestAsync(appId, key, new { occurred_at = at.ToString("O"), level = "ERROR", message, event_id = eventId });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    private static async Task RunMaintenanceAsync()
    {
        App.Clock.Pin(Now);
        await App.Services.GetRequiredService<EventStoreMaintenance>().RunOnceAsync(CancellationToken.None);
    }

    private static async Task<List<string>> PartitionsAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return (await connection.QueryAsync<string>(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1")).ToList();
    }

    private async Task<List<string>> MessagesAsync(long appId) =>
        (await GetJsonAsync($"/apps/{appId}/events?limit=50"))["items"]!.AsArray().Select(i => i!["message"]!.GetValue<string>()).Order().ToList();

    [Test]
    public async Task Events_past_the_global_maximum_age_go_by_dropping_whole_partitions()
    {
        var (appId, key) = await CreateAppAsync();
        await IngestAtAsync(appId, key, Now.AddDays(-100), "ancient");
        await IngestAtAsync(appId, key, Now.AddDays(-91), "just too old");
        await IngestAtAsync(appId, key, Now.AddDays(-89), "kept");
        Assert.That(await PartitionsAsync(), Does.Contain("events_p20260307"));

        await RunMaintenanceAsync();

        var partitions = await PartitionsAsync();
        Assert.That(partitions, Does.Not.Contain("events_p20260307").And.Not.Contain("events_p20260316"));
        Assert.That(partitions, Does.Contain("events_p20260318"));
        Assert.That(await MessagesAsync(appId), Is.EqualTo(new[] { "kept" }));
        var levels = await GetJsonAsync($"/apps/{appId}/stats/by-level?since=2026-01-01T00:00:00Z&until=2026-07-01T00:00:00Z");
        Assert.That(levels["items"]![0]!["count"]!.GetValue<long>(), Is.EqualTo(1), "the rollups lost the dropped days too");
    }

    [Test]
    public async Task Partitions_are_created_ahead_of_time()
    {
        await RunMaintenanceAsync();
        Assert.That(await PartitionsAsync(), Is.SupersetOf(new[] { "events_p20260614", "events_p20260615", "events_p20260616", "events_p20260617", "events_p20260618" }));
    }

    [Test]
    public async Task Per_app_retention_removes_only_that_apps_older_events_and_their_counts()
    {
        var (shortLived, shortKey) = await CreateAppAsync("short");
        var (longLived, longKey) = await CreateAppAsync("long");
        foreach (var days in new[] { 20, 6, 1 })
        {
            await IngestAtAsync(shortLived, shortKey, Now.AddDays(-days), $"{days} days ago");
            await IngestAtAsync(longLived, longKey, Now.AddDays(-days), $"{days} days ago");
        }

        var set = await Operator.PutAsync($"/api/v1/apps/{shortLived}/retention", Json(new { retention_days = 5 }));
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(set))["retention_days"]!.GetValue<int>(), Is.EqualTo(5));

        await RunMaintenanceAsync();

        Assert.That(await MessagesAsync(shortLived), Is.EqualTo(new[] { "1 days ago" }));
        Assert.That(await MessagesAsync(longLived), Has.Count.EqualTo(3));
        const string window = "since=2026-05-01T00:00:00Z&until=2026-07-01T00:00:00Z";
        var shortTop = await GetJsonAsync($"/apps/{shortLived}/stats/top-messages?{window}");
        var shortSeries = await GetJsonAsync($"/apps/{shortLived}/stats/timeseries?{window}&interval=DAY");
        Assert.That(shortTop["items"]!.AsArray().Select(i => i!["message"]!.GetValue<string>()), Is.EqualTo(new[] { "1 days ago" }));
        Assert.That(shortSeries["series"]!.AsArray().Sum(b => b!["count"]!.GetValue<long>()), Is.EqualTo(1));
        Assert.That((await GetJsonAsync($"/apps/{longLived}/stats/top-messages?{window}"))["items"]!.AsArray(), Has.Count.EqualTo(3));
    }

    /// <summary>How many block ranges of the partition's occurred_at index were still unsummarized (and are now summarized).</summary>
    private static async Task<long> SummarizeAsync(string partition)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("""
            SELECT brin_summarize_new_values(i.indexrelid)
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
            WHERE i.indrelid = CAST(@Partition AS regclass) AND am.amname = 'brin'
            """, new { Partition = partition });
    }

    [Test]
    public async Task Days_that_have_ended_get_their_occurred_at_index_summarized_to_the_last_block_and_still_find_late_writes()
    {
        var (appId, key) = await CreateAppAsync();
        // Enough events for a few 128-page block ranges a day: the first range is summarized from the start, and
        // VACUUM summarizes the full ones, so it is the last, partial one that maintenance must summarize.
        foreach (var at in new[] { Now.AddDays(-2), Now.AddHours(-1) })
        {
            App.Clock.Pin(at);
            for (var batch = 0; batch < 6; batch++)
            {
                var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
                {
                    Content = Json(new { events = Enumerable.Range(0, 1000).Select(i => new { occurred_at = at, level = "INFO", message = $"filler {i} " + new string('x', 300) }) }),
                    Headers = { { "X-INGEST-KEY", key } },
                });
                Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
            }
        }

        await RunMaintenanceAsync();

        Assert.That(await SummarizeAsync("events_p20260613"), Is.EqualTo(0), "a day that has ended is summarized by maintenance");
        Assert.That(await SummarizeAsync("events_p20260615"), Is.GreaterThan(0), "today's last range is left to grow");

        // A write that lands in a summarized day afterwards widens the summary: occurred_at windows still find it.
        await IngestAtAsync(appId, key, Now.AddDays(-2).AddMinutes(1), "late");
        App.Clock.Release();
        var found = await GetJsonAsync($"/api/v1/apps/{appId}/events?occurred_from=2026-06-13T12:30:30Z&occurred_to=2026-06-13T12:31:30Z");
        Assert.That(found["items"]!.AsArray().Select(i => i!["message"]!.GetValue<string>()), Is.EqualTo(new[] { "late" }));
    }


    /// <summary>The heap blocks a search for an event that occurred after 'infinity' reads through the partition's block-range index.</summary>
    private static async Task<long> BlocksMatchedByEveryBoundAsync(string partition)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: transaction);
        var plan = string.Join("\n", await connection.QueryAsync<string>(
            $"EXPLAIN (ANALYZE, COSTS OFF) SELECT 1 FROM {partition} WHERE occurred_at > 'infinity'", transaction: transaction));
        var lossy = System.Text.RegularExpressions.Regex.Match(plan, @"lossy=(\d+)");
        return lossy.Success ? long.Parse(lossy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Cuts a summarization of the partition's block-range index short, as a cancelled autovacuum does, until it leaves a
    /// placeholder behind: a range that every later brin_summarize_new_values leaves as it is.
    /// </summary>
    private static async Task<bool> LeaveHalfSummarizedRangeAsync(string partition)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var index = await connection.ExecuteScalarAsync<string>("""
            SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
            WHERE i.indrelid = CAST(@Partition AS regclass) AND am.amname = 'brin'
            """, new { Partition = partition });
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await connection.ExecuteAsync(
                $"SELECT count(brin_desummarize_range('{index}', b)) FROM generate_series(0, pg_relation_size('{partition}') / 8192, 128) AS b");
            await connection.ExecuteAsync($"SET statement_timeout = '{1 + attempt % 5}ms'");
            try
            {
                await connection.ExecuteAsync($"SELECT brin_summarize_new_values('{index}')");
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.QueryCanceled)
            {
            }

            await connection.ExecuteAsync("RESET statement_timeout");
            await connection.ExecuteAsync($"SELECT brin_summarize_new_values('{index}')");
            if (await BlocksMatchedByEveryBoundAsync(partition) > 0)
            {
                return true;
            }
        }

        return false;
    }

    [Test]
    public async Task A_day_whose_block_range_summary_was_cut_short_is_summarized_again()
    {
        var (appId, key) = await CreateAppAsync();
        App.Clock.Pin(Now.AddDays(-2));
        for (var batch = 0; batch < 20; batch++)
        {
            var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
            {
                Content = Json(new { events = Enumerable.Range(0, 1000).Select(i => new { occurred_at = Now.AddDays(-2), level = "INFO", message = $"filler {i} " + new string('x', 300) }) }),
                Headers = { { "X-INGEST-KEY", key } },
            });
            Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        }

        await RunMaintenanceAsync();
        Assert.That(await BlocksMatchedByEveryBoundAsync("events_p20260613"), Is.EqualTo(0), "a summarized day matches no bound past its events");
        Assert.That(await LeaveHalfSummarizedRangeAsync("events_p20260613"), Is.True, "a summarization cut short left a placeholder");
        Assert.That(await BlocksMatchedByEveryBoundAsync("events_p20260613"), Is.GreaterThan(0));

        await RunMaintenanceAsync();

        Assert.That(await BlocksMatchedByEveryBoundAsync("events_p20260613"), Is.EqualTo(0), "maintenance summarized the day again");
        App.Clock.Release();
        var found = await GetJsonAsync($"/api/v1/apps/{appId}/events?occurred_from=2026-06-13T12:29:00Z&occurred_to=2026-06-13T12:31:00Z&limit=1");
        Assert.That(found["items"]!.AsArray(), Has.Count.EqualTo(1), "occurred_at windows still find the day's events");
    }

    [TestCase("{\"retention_days\": 99999}")]
    [TestCase("{\"retention_days\": \"week\"}")]
    public async Task Bad_retention_settings_are_refused(string json)
    {
        var (appId, _) = await CreateAppAsync();
        var response = await Operator.PutAsync($"/api/v1/apps/{appId}/retention", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Event_ids_are_remembered_for_the_dedup_window_and_forgotten_after_it()
    {
        var (appId, key) = await CreateAppAsync();
        await IngestAtAsync(appId, key, Now.AddDays(-8), "old", "evt-old");
        await IngestAtAsync(appId, key, Now.AddDays(-6), "recent", "evt-recent");

        await RunMaintenanceAsync();

        App.Clock.Pin(Now);
        Assert.That((await IngestAsync(appId, key, new { occurred_at = "2026-06-15T00:00:00Z", level = "INFO", message = "again", event_id = "evt-recent" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK), "within 7 days: still a duplicate");
        Assert.That((await IngestAsync(appId, key, new { occurred_at = "2026-06-15T00:00:00Z", level = "INFO", message = "again", event_id = "evt-old" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created), "past the window: a new event");
    }
}
