using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>Jobs live in PostgreSQL: an instance that stops leaves its jobs to the others, and two instances never run one twice.</summary>
public sealed class JobInstancesTests
{
    private ScratchDatabase _database = null!;
    private readonly List<WebApplicationFactory<Program>> _hosts = [];

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await ScratchDatabase.CreateAsync();

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        _hosts.Clear();
        await _database.DisposeAsync();
    }

    private (WebApplicationFactory<Program> Host, HttpClient Client) Start(int concurrency)
    {
        var started = ScratchHosts.Start(_database, new Dictionary<string, string>
        {
            ["Faultline:Jobs:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["Faultline:Jobs:LeaseSeconds"] = "3",
        });
        _hosts.Add(started.Host);
        return started;
    }

    private static Task CreateAppWithEventsAsync(HttpClient client) => ScratchHosts.CreateAppWithEventsAsync(client, 5, i => $"failure {i % 2}");

    private static async Task<string> SubmitAsync(HttpClient client, object body)
    {
        var response = await client.PostAsync("/api/v1/analyze", JsonContent.Create(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["job_id"]!.GetValue<string>();
    }

    private async Task WaitAsync(string condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await _database.ScalarAsync<bool>(condition))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for: {condition}");
    }

    [Test]
    public async Task A_job_whose_instance_died_while_running_it_is_finished_by_the_next_instance()
    {
        var (first, firstClient) = Start(concurrency: 0);
        await CreateAppWithEventsAsync(firstClient);
        var jobId = await SubmitAsync(firstClient, new { service = "shop", since = "1h" });
        // The first instance claimed it and died mid-run: its lease runs out, nobody renews it.
        await _database.ExecuteAsync(
            "UPDATE jobs SET status = 'running', claimed_by = 'gone', attempts = 1, lease_until = now() + interval '1 second'");
        await first.DisposeAsync();
        _hosts.Remove(first);

        var (_, secondClient) = Start(concurrency: 2);
        await WaitAsync("SELECT bool_and(status = 'completed') FROM jobs");

        var job = JsonNode.Parse(await secondClient.GetStringAsync($"/api/v1/analyze/{jobId}"))!["data"]!;
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(job["result"]!["total"]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(await _database.ScalarAsync<int>("SELECT attempts FROM jobs"), Is.EqualTo(2));
        Assert.That(await _database.ScalarAsync<string>("SELECT claimed_by FROM jobs"), Is.Not.EqualTo("gone"));
    }

    [Test]
    public async Task A_job_running_in_a_process_that_is_killed_is_finished_by_another_instance()
    {
        // The model answers too late: the job is still running in the process when it is killed.
        await using var model = new FakeOpenAiServer("{}", delay: TimeSpan.FromSeconds(60));
        var port = FakeOpenAiServer.FreePort();
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Faultline.Api.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment["ConnectionStrings__Faultline"] = _database.ConnectionString;
        startInfo.Environment["Faultline__Ai__Endpoint"] = model.Endpoint;
        startInfo.Environment["Faultline__Ai__Model"] = "slow-model";
        startInfo.Environment["Faultline__Ai__TimeoutSeconds"] = "120";
        startInfo.Environment["Faultline__Jobs__LeaseSeconds"] = "2";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string jobId;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
            await WaitUntilAsync(async () => (await client.GetAsync("/health")).IsSuccessStatusCode);
            await CreateAppWithEventsAsync(client);
            jobId = await SubmitAsync(client, new { service = "shop", since = "1h", include_ai = true });
            await WaitUntilAsync(() => Task.FromResult(model.Requests.Count > 0));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.That(await _database.ScalarAsync<string>("SELECT status FROM jobs"), Is.EqualTo("running"));
        var (_, next) = Start(concurrency: 1);
        await WaitAsync("SELECT bool_and(status = 'completed') FROM jobs");

        var job = JsonNode.Parse(await next.GetStringAsync($"/api/v1/analyze/{jobId}"))!["data"]!;
        Assert.That(job["result"]!["total"]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(await _database.ScalarAsync<int>("SELECT attempts FROM jobs"), Is.EqualTo(2));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail("Timed out.");
    }

    [Test]
    public async Task Two_instances_run_each_job_once()
    {
        var (_, one) = Start(concurrency: 2);
        var (_, two) = Start(concurrency: 2);
        await CreateAppWithEventsAsync(one);
        var start = DateTime.UtcNow.AddHours(-2);

        var ids = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => SubmitAsync(i % 2 == 0 ? one : two, new
        {
            service = "shop",
            start = start.AddMinutes(i).ToString("O"),
            end = DateTime.UtcNow.AddMinutes(1).ToString("O"),
        })));

        Assert.That(ids, Is.Unique);
        await WaitAsync("SELECT count(*) FILTER (WHERE status = 'completed') = 16 FROM jobs");
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE attempts <> 1"), Is.EqualTo(0));
    }
}
