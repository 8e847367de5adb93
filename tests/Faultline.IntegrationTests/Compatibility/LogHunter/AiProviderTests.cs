using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>The OpenAI-compatible provider, over real HTTP with the real client library, against a listener on loopback.</summary>
public sealed class AiProviderTests
{
    private ScratchDatabase _database = null!;
    private WebApplicationFactory<Program>? _host;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await ScratchDatabase.CreateAsync();

    [TearDown]
    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task<HttpClient> StartAsync(string endpoint, int timeoutSeconds = 60)
    {
        (_host, var client) = ScratchHosts.Start(_database, new Dictionary<string, string>
        {
            ["Faultline:Ai:Endpoint"] = endpoint,
            ["Faultline:Ai:Model"] = "fake-model",
            ["Faultline:Ai:ApiKey"] = "test-key-not-secret",
            ["Faultline:Ai:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
        });
        await ScratchHosts.CreateAppWithEventsAsync(client, 4, _ => "connection pool exhausted");
        return client;
    }

    private static async Task<JsonNode> AnalyzeAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/analyze", JsonContent.Create(new { service = "shop", since = "1h", include_ai = true }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return await ScratchHosts.FinishedAsync(client, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["poll_url"]!.GetValue<string>());
    }

    [Test]
    public async Task The_models_answer_replaces_the_built_in_explanation_and_its_prompt_carries_the_findings()
    {
        const string content = """{"clusters": [{"index": 0, "root_cause": "The pool is too small for the load.", "confidence": 0.8, "summary": "Pool exhausted.", "suggested_action": "Raise the pool size."}]}""";
        await using var server = new FakeOpenAiServer(content);
        var client = await StartAsync(server.Endpoint);

        var job = await AnalyzeAsync(client);

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("completed"), job.ToJsonString());
        var analysis = job["result"]!["clusters"]![0]!["analysis"]!;
        Assert.Multiple(() =>
        {
            Assert.That(analysis["root_cause"]!.GetValue<string>(), Is.EqualTo("The pool is too small for the load."));
            Assert.That(analysis["confidence"]!.GetValue<double>(), Is.EqualTo(0.8));
            Assert.That(analysis["suggested_action"]!.GetValue<string>(), Is.EqualTo("Raise the pool size."));
            Assert.That(analysis["provider"]!.GetValue<string>(), Is.EqualTo("openai-compatible"));
            Assert.That(analysis["model"]!.GetValue<string>(), Is.EqualTo("fake-model"));
            Assert.That(server.Requests, Has.Count.EqualTo(1));
            Assert.That(server.Requests[0], Does.StartWith("/v1/chat/completions").And.Contain("connection pool exhausted").And.Contain("fake-model"));
        });
    }

    [Test]
    public async Task A_model_slower_than_the_timeout_fails_the_job_with_AI_INFERENCE_TIMEOUT_and_keeps_the_built_in_analysis()
    {
        await using var server = new FakeOpenAiServer("{}", delay: TimeSpan.FromSeconds(10));
        var client = await StartAsync(server.Endpoint, timeoutSeconds: 1);

        var job = await AnalyzeAsync(client);

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("failed"), job.ToJsonString());
        Assert.That(job["error"]!["code"]!.GetValue<string>(), Is.EqualTo("AI_INFERENCE_TIMEOUT"));
        Assert.That(job["result"]!["clusters"]![0]!["analysis"]!["provider"]!.GetValue<string>(), Is.EqualTo("builtin"));
    }

    [Test]
    public async Task An_unreachable_provider_fails_the_job_with_AI_PROVIDER_UNAVAILABLE_and_keeps_the_built_in_analysis()
    {
        var client = await StartAsync($"http://127.0.0.1:{FakeOpenAiServer.FreePort()}/v1");

        var job = await AnalyzeAsync(client);

        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("failed"), job.ToJsonString());
        Assert.That(job["error"]!["code"]!.GetValue<string>(), Is.EqualTo("AI_PROVIDER_UNAVAILABLE"));
        Assert.That(job["result"]!["clusters"]![0]!["analysis"]!["provider"]!.GetValue<string>(), Is.EqualTo("builtin"));
        var health = await client.GetAsync("/api/v1/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(JsonNode.Parse(await health.Content.ReadAsStringAsync())!["data"]!["checks"]!["ai_provider"]!.GetValue<string>(), Is.EqualTo("down"));
    }
}
