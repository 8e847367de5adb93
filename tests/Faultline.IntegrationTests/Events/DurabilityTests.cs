using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using Faultline.IntegrationTests.Support;
using Npgsql;

namespace Faultline.IntegrationTests.Events;

/// <summary>Faultline as a real process, killed abruptly while events flow in.</summary>
public sealed class DurabilityTests : ApiTest
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartFaultline(int port)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Faultline.Api.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        Assert.Fail("Faultline did not become healthy within 60 seconds.");
    }

    [Test]
    public async Task Events_acknowledged_before_an_abrupt_kill_are_all_there_after_a_restart()
    {
        var (appId, key) = await CreateAppAsync();
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-INGEST-KEY", key);
        var process = StartFaultline(port);
        var acknowledged = new ConcurrentBag<long>();
        try
        {
            await WaitForHealthAsync(client);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        if (i % 4 == 0)
                        {
                            var batch = await client.PostAsJsonAsync($"/api/v1/apps/{appId}/events/batch",
                                new { events = Enumerable.Range(0, 50).Select(n => EventBody(message: $"batch {sender}/{i}/{n}")).ToArray() });
                            if (batch.StatusCode == HttpStatusCode.OK)
                            {
                                foreach (var id in (await batch.Content.ReadFromJsonAsync<JsonObject>())!["ids"]!.AsArray())
                                {
                                    acknowledged.Add(id!.GetValue<long>());
                                }
                            }
                        }
                        else
                        {
                            var single = await client.PostAsJsonAsync($"/apps/{appId}/events", EventBody(message: $"single {sender}/{i}"));
                            if (single.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged.Add((await single.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
                            }
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                        // The process was killed mid-request: this one was never acknowledged.
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(2));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.Delay(500);
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        TestContext.Out.WriteLine($"{acknowledged.Count} events acknowledged before the kill");
        Assert.That(acknowledged, Is.Not.Empty, "some events should have been acknowledged before the kill");
        await using (var connection = new NpgsqlConnection(TestDatabase.ConnectionString))
        {
            var stored = (await connection.QueryAsync<long>("SELECT id FROM events WHERE app_id = @appId", new { appId })).ToHashSet();
            var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
            Assert.That(lost, Is.Empty, $"{lost.Count} of {acknowledged.Count} acknowledged events were lost");
        }

        var restarted = StartFaultline(port);
        try
        {
            await WaitForHealthAsync(client);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }
}
