using Faultline.Application.Access;
using Faultline.Application.Groups;
using Faultline.IntegrationTests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faultline.IntegrationTests.Support;

/// <summary>Base of every HTTP test: a clean database, an operator client and helpers for the common calls.</summary>
public abstract class ApiTest
{
    protected static FaultlineApp App => FaultlineApp.Shared;

    /// <summary>A client with operator credentials.</summary>
    protected HttpClient Operator { get; private set; } = null!;

    /// <summary>A client with no credentials at all.</summary>
    protected HttpClient Anonymous { get; private set; } = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        App.Clock.Release();
        await FlushKeyUsageAsync();
        await DatabaseReset.ResetAsync();
        // The reset deleted error groups beneath the running process, and app ids start again at 1.
        App.Services.GetRequiredService<KnownGroupRows>().ForgetAll();
        Anonymous = App.CreateClient();
        Operator = App.CreateClient();
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
    }

    /// <summary>
    /// Requests counted in memory belong to the previous test's keys; the reset starts key ids again at 1, so
    /// they are written before it rather than onto the next test's keys.
    /// </summary>
    private static async Task FlushKeyUsageAsync()
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await App.Services.GetRequiredService<IngestKeyUsage>().FlushAsync(connection, CancellationToken.None);
    }

    [TearDown]
    public void DisposeClients()
    {
        App.Clock.Release();
        Anonymous.Dispose();
        Operator.Dispose();
    }

    protected async Task<(long Id, string Key)> CreateAppAsync(string name = "checkout")
    {
        var response = await Operator.PostAsync($"/apps/{name}", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return (body["id"]!.GetValue<long>(), body["ingest_key"]!.GetValue<string>());
    }

    protected static object EventBody(string message = "TimeoutError: request timed out", string level = "ERROR", string occurredAt = "2026-02-10T10:00:00Z") =>
        new { occurred_at = occurredAt, level, message };

    protected Task<HttpResponseMessage> IngestAsync(long appId, string key, object body) =>
        IngestRawAsync(appId, key, JsonSerializer.Serialize(body));

    protected async Task<HttpResponseMessage> IngestRawAsync(long appId, string? key, string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events")
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        if (key is not null)
        {
            request.Headers.Add("X-INGEST-KEY", key);
        }

        return await Anonymous.SendAsync(request);
    }

    protected async Task<long> IngestOkAsync(long appId, string key, object body)
    {
        var response = await IngestAsync(appId, key, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<long>();
    }

    protected static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new AssertionException($"Expected JSON, got '{text}'.");
    }

    protected async Task<JsonNode> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Operator.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    /// <summary>Asserts the status and the error envelope's code, and returns the envelope.</summary>
    protected static async Task<JsonNode> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var body = JsonNode.Parse(text)!;
        Assert.Multiple(() =>
        {
            Assert.That(body["error"]?["code"]?.GetValue<string>(), Is.EqualTo(code), text);
            Assert.That(body["error"]?["message"]?.GetValue<string>(), Is.Not.Empty, text);
            Assert.That(body["error"]?["details"], Is.Not.Null, text);
        });
        return body;
    }

    protected static JsonContent Json(object value) => JsonContent.Create(value);
}
