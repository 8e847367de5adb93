using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>Hosts of their own on a scratch database, for tests whose settings (job workers, AI provider) differ from the shared app's.</summary>
internal static class ScratchHosts
{
    public static (WebApplicationFactory<Program> Host, HttpClient Client) Start(ScratchDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        var host = new FaultlineApp().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Faultline", database.ConnectionString);
            builder.UseSetting("Faultline:Jobs:PollMilliseconds", "100");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
        return (host, client);
    }

    /// <summary>Creates the app "shop" with <paramref name="count"/> ERROR events.</summary>
    public static async Task CreateAppWithEventsAsync(HttpClient client, int count, Func<int, string> message)
    {
        var created = JsonNode.Parse(await (await client.PostAsync("/apps/shop", null)).Content.ReadAsStringAsync())!;
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{created["id"]}/events")
            {
                Content = JsonContent.Create(new { occurred_at = "2026-11-29T10:00:00Z", level = "ERROR", message = message(i) }),
            };
            request.Headers.Add("X-INGEST-KEY", created["ingest_key"]!.GetValue<string>());
            Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
    }

    /// <summary>Polls a job until it completes or fails, and returns its data.</summary>
    public static async Task<JsonNode> FinishedAsync(HttpClient client, string pollUrl)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var job = JsonNode.Parse(await client.GetStringAsync(pollUrl))!["data"]!;
            if (job["status"]!.GetValue<string>() is "completed" or "failed")
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new AssertionException($"The job at {pollUrl} did not finish.");
    }
}
