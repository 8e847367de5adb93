using Faultline.IntegrationTests.Support;
using Npgsql;

namespace Faultline.IntegrationTests.Events;

/// <summary>
/// The free-text index's pending list is moved into the index beside the writer, not by the insert that finds it
/// full (docs/decisions/0030): soon after events are written, nothing is left in it for anyone to clean.
/// </summary>
public sealed class SearchIndexPendingListTests : ApiTest
{
    // What a clean of today's partition's trigram index finds left in its pending list (pages it removed).
    private const string LeftPendingSql = """
        SELECT coalesce(sum(gin_clean_pending_list(x.indexrelid::regclass)), 0)
        FROM pg_inherits i
        JOIN pg_index x ON x.indexrelid = i.inhrelid
        WHERE i.inhparent = 'events_search_trgm_idx'::regclass
          AND x.indrelid = to_regclass('events_p' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD'))
        """;

    [Test]
    public async Task Events_just_written_leave_the_search_index_with_nothing_pending_and_are_found()
    {
        var (appId, key) = await CreateAppAsync();
        for (var i = 0; i < 40; i++)
        {
            await IngestOkAsync(appId, key, EventBody($"checkout declined for order {i} of customer c-{i * 7}"));
        }

        // Cleaning it here would also empty the list, so it is asked once, after the cleaner's ticks (250 ms)
        // have had their time: without the cleaner the 40 events' entries would still be pending.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(LeftPendingSql, connection);
        var left = Convert.ToInt64(await command.ExecuteScalarAsync());

        var found = await GetJsonAsync($"/api/v1/apps/{appId}/events?q=declined&limit=50");
        Assert.That(left, Is.EqualTo(0));
        Assert.That(found["items"]!.AsArray(), Has.Count.EqualTo(40));
    }
}
