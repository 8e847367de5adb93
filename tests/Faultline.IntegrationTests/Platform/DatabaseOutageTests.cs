using System.Diagnostics;
using System.Net;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Platform;

/// <summary>The test database is stopped and started again under a running Faultline.</summary>
public sealed class DatabaseOutageTests : ApiTest
{
    [Test]
    public async Task While_PostgreSQL_is_down_requests_get_503_quickly_and_all_works_again_when_it_is_back()
    {
        var server = TestDatabase.OwnServer;
        Assume.That(server, Is.Not.Null, "FAULTLINE_TEST_DB points at a server this run does not own, so it cannot stop it");
        var (appId, key) = await CreateAppAsync();
        await IngestOkAsync(appId, key, EventBody());

        await server!.StopAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var read = await Operator.GetAsync($"/apps/{appId}/events");
            var elapsed = clock.Elapsed;

            await AssertErrorAsync(read, HttpStatusCode.ServiceUnavailable, "DATABASE_UNAVAILABLE");
            Assert.That(read.Headers.RetryAfter, Is.Not.Null);
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That((await Anonymous.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await Anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await Anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var ingest = await IngestAsync(appId, key, EventBody(message: "during the outage"));
            Assert.That((int)ingest.StatusCode, Is.EqualTo(503), await ingest.Content.ReadAsStringAsync());
        }
        finally
        {
            await server.StartAgainAsync();
        }

        // Pooled connections to the stopped server are discarded as they fail; within a few tries all is well.
        var recovered = false;
        for (var attempt = 0; attempt < 20 && !recovered; attempt++)
        {
            recovered = (await Operator.GetAsync($"/apps/{appId}/events")).StatusCode == HttpStatusCode.OK;
            if (!recovered)
            {
                await Task.Delay(250);
            }
        }

        Assert.That(recovered, Is.True, "reads work again without restarting Faultline");
        await IngestOkAsync(appId, key, EventBody(message: "after the outage"));
        Assert.That((await Anonymous.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Faultline recovered by itself; later tests should not meet a stale pooled connection of their own.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
