using System.Net;
using System.Text.Json.Nodes;
using Faultline.Application.Common;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Platform;

/// <summary>The diagnostic behind bench/cost-table: off unless configured, and when on it only observes.</summary>
public sealed class StageTimingTests : ApiTest
{
    [Test]
    public void Stage_timing_is_off_unless_its_file_is_configured() =>
        Assert.That(App.Services.GetService<StageTimings>(), Is.Null);

    [Test]
    public async Task With_a_stage_timing_file_an_ingested_event_is_stored_as_usual_and_every_stage_of_its_path_is_written_down()
    {
        var (appId, key) = await CreateAppAsync();
        var file = Path.Combine(Path.GetTempPath(), $"faultline-stages-{Guid.NewGuid():N}.json");
        await using var timed = App.WithWebHostBuilder(builder => builder.UseSetting(StageTimings.FileKey, file));
        using var client = timed.CreateClient();
        const int events = 3;
        for (var i = 0; i < events; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = JsonContent(EventBody(message: $"timed {i}")) };
            request.Headers.Add("X-INGEST-KEY", key);
            Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(events));
        var stages = await ReadStagesAsync(file, events);
        foreach (var stage in new[]
                 {
                     "request id, security headers, logging scope", "CORS", "body limit", "repeated-query check",
                     "authentication and the key cache", "rate limiter", "authorization", "MVC: model binding, JSON input formatter",
                     "AutoMapper: request", "validation", "MediatR: send, handler", "hand-off to the writer",
                     "waiting: wake-up, commit, resumption", "AutoMapper: response", "MVC endpoint, way out",
                 })
        {
            Assert.That(stages[stage]?["count"]?.GetValue<long>(), Is.EqualTo(events), stage);
        }

        Assert.That(stages["writer: one commit's round trips (wall, per event)"]!["events"]!.GetValue<long>(), Is.EqualTo(events));
        File.Delete(file);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>The file is rewritten every second: waits until it holds the last request's last stage.</summary>
    private static async Task<JsonObject> ReadStagesAsync(string file, int events)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (File.Exists(file) && JsonNode.Parse(await File.ReadAllTextAsync(file))?["stages"] is JsonObject stages
                && stages["(end of the timed pipeline)"]?["count"]?.GetValue<long>() >= events)
            {
                return stages;
            }

            await Task.Delay(200);
        }

        throw new AssertionException($"{file} never listed {events} whole requests.");
    }
}
