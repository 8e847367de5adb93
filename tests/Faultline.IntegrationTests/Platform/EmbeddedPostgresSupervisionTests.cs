using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.Infrastructure;
using Faultline.Infrastructure.EmbeddedPostgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Platform;

/// <summary>A Faultline with an embedded PostgreSQL of its own, whose postmaster is killed under it.</summary>
public sealed class EmbeddedPostgresSupervisionTests
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    private string _directory = null!;

    [SetUp]
    public void ChooseDataDirectory() =>
        _directory = Path.Combine(Path.GetTempPath(), "faultline-supervised-" + Guid.NewGuid().ToString("N")[..8]);

    [TearDown]
    public void RemoveDataDirectory()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task A_killed_PostgreSQL_is_started_again_within_seconds_with_every_event_and_stays_stopped_once_Faultline_stops()
    {
        await using var unconfigured = new WebApplicationFactory<Program>();
        var factory = unconfigured.WithWebHostBuilder(builder => builder
            .UseEnvironment("Testing")
            // Empty counts as unset: this Faultline starts its own PostgreSQL instead of the run's shared one.
            .UseSetting($"ConnectionStrings:{DependencyInjection.ConnectionStringName}", string.Empty)
            .UseSetting(DependencyInjection.DataDirectoryKey, _directory));
        int restarted;
        try
        {
            var server = factory.Services.GetRequiredService<EmbeddedPostgresServer>();
            Assert.That(server.DataDirectory, Is.EqualTo(Path.GetFullPath(_directory)), "this Faultline runs a PostgreSQL of its own");
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
            var app = await ReadJsonAsync(await client.PostAsync("/apps/supervised", null), HttpStatusCode.Created);
            var appId = app["id"]!.GetValue<long>();
            using (var ingest = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events"))
            {
                ingest.Content = JsonContent.Create(new { occurred_at = "2026-02-10T10:00:00Z", level = "ERROR", message = "acknowledged before the crash" });
                ingest.Headers.Add("X-INGEST-KEY", app["ingest_key"]!.GetValue<string>());
                await ReadJsonAsync(await client.SendAsync(ingest), HttpStatusCode.Created);
            }

            var killed = server.FindPostmasterProcessId() ?? throw new AssertionException("no postmaster.pid while Faultline runs");
            using (var postmaster = Process.GetProcessById(killed))
            {
                postmaster.Kill(); // SIGKILL: no shutdown, no checkpoint, a stale postmaster.pid left behind
            }

            var clock = Stopwatch.StartNew();
            restarted = await WaitForNewHealthyPostmasterAsync(server, client, killed);
            Assert.That(clock.Elapsed, Is.LessThan(RecoveryLimit));
            TestContext.Out.WriteLine($"healthy again after {clock.Elapsed.TotalSeconds:F1} s (postmaster {killed} killed, {restarted} started)");

            var events = await ReadJsonAsync(await client.GetAsync($"/apps/{appId}/events"), HttpStatusCode.OK);
            Assert.That(events["items"]!.AsArray().Select(item => item!["message"]!.GetValue<string>()), Is.EqualTo(new[] { "acknowledged before the crash" }));
        }
        finally
        {
            await factory.DisposeAsync();
        }

        Assert.That(EmbeddedPostgresServer.IsPostgresProcessRunning(restarted), Is.False, "stopping Faultline stops its PostgreSQL");
        // Longer than the supervisor's check interval and its first back-off: a restart would have happened by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(File.Exists(Path.Combine(_directory, "pgdata", "postmaster.pid")), Is.False, "nothing started it again after Faultline stopped");
    }

    private static async Task<int> WaitForNewHealthyPostmasterAsync(EmbeddedPostgresServer server, HttpClient client, int killed)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RecoveryLimit)
        {
            if (server.FindPostmasterProcessId() is { } pid && pid != killed && EmbeddedPostgresServer.IsPostgresProcessRunning(pid)
                && (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
            {
                return pid;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new AssertionException($"Faultline was not healthy with a new postmaster within {RecoveryLimit.TotalSeconds} s of the kill");
    }

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        return JsonNode.Parse(text)!;
    }
}
