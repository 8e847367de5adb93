using System.Net;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Events;

public sealed class IngestionQueueTests : ApiTest
{
    [Test]
    public async Task When_the_queue_cannot_take_the_events_ingestion_answers_503_with_retry_after()
    {
        var (appId, key) = await CreateAppAsync();
        await using var small = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Ingestion:MaxQueuedEvents", "5"));
        using var client = small.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events/batch")
        {
            Content = Json(new { events = Enumerable.Range(0, 10).Select(i => EventBody(message: $"m{i}")).ToArray() }),
        };
        request.Headers.Add("X-INGEST-KEY", key);

        var response = await client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "INGESTION_UNAVAILABLE");
        Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));

        using var single = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) };
        single.Headers.Add("X-INGEST-KEY", key);
        Assert.That((await client.SendAsync(single)).StatusCode, Is.EqualTo(HttpStatusCode.Created), "the queue is free again");
    }

    [Test]
    public async Task Queued_events_are_bounded_in_bytes_and_an_empty_queue_takes_any_request()
    {
        var (appId, key) = await CreateAppAsync();
        await using var small = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Ingestion:MaxQueuedBytes", "1"));
        using var client = small.CreateClient();
        Task<HttpResponseMessage> BatchAsync(string prefix)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events/batch")
            {
                Content = Json(new { events = Enumerable.Range(0, 10).Select(i => EventBody(message: $"{prefix}{i}")).ToArray() }),
            };
            request.Headers.Add("X-INGEST-KEY", key);
            return client.SendAsync(request);
        }

        // A table lock holds the first batch's commit, so it stays queued while the second one arrives.
        await using var blocker = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockEvents = new Npgsql.NpgsqlCommand("LOCK TABLE event_counts_minute IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockEvents.ExecuteNonQueryAsync();
        }

        var first = BatchAsync("first");
        await Task.Delay(500);
        var second = await BatchAsync("second");
        await transaction.RollbackAsync();

        Assert.That((await first).StatusCode, Is.EqualTo(HttpStatusCode.OK), "alone in the queue, past the byte bound");
        await AssertErrorAsync(second, HttpStatusCode.ServiceUnavailable, "INGESTION_UNAVAILABLE");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(10));
    }

    [Test]
    public async Task Without_group_commit_each_request_is_written_on_its_own_with_the_same_results()
    {
        var (appId, key) = await CreateAppAsync();
        await using var direct = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Ingestion:GroupCommit", "false"));
        using var client = direct.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var eventId in new[] { "x", "y", "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events")
            {
                Content = Json(new { occurred_at = "2026-02-10T10:00:00Z", level = "INFO", message = "m", event_id = eventId }),
            };
            request.Headers.Add("X-INGEST-KEY", key);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(2));
        Assert.That(await DatabaseReset.CountAsync("event_counts_minute"), Is.EqualTo(1));
    }
}
