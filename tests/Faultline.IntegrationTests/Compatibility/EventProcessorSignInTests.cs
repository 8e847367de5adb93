using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.IntegrationTests.Compatibility;

/// <summary>The Event Processor API's sign-in by a code sent by email, delivered over a real SMTP conversation.</summary>
public sealed partial class EventProcessorSignInTests : ApiTest
{
    private LoopbackSmtpServer _smtp = null!;
    private WebApplicationFactory<Program> _host = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void StartHostWithMailServer()
    {
        _smtp = new LoopbackSmtpServer();
        _host = App.WithMailServer(_smtp);
        _client = _host.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return _client.SendAsync(request);
    }

    private async Task<string> RequestCodeAsync(string email)
    {
        var before = _smtp.Messages.Count;
        var response = await PostAsync("/api/auth/request-code", new { email });
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["success"]!.GetValue<bool>(), Is.True);
        Assert.That(body["data"]!["message"]!.GetValue<string>(), Does.Contain(email));
        for (var i = 0; i < 100 && _smtp.Messages.Count == before; i++)
        {
            await Task.Delay(50);
        }

        var data = _smtp.Messages.Skip(before).Single(message => message.To.Contains(email, StringComparison.OrdinalIgnoreCase)).Data;
        return Code().Match(data).Groups[1].Value;
    }

    private async Task<(string Token, JsonNode User)> VerifyAsync(string email, string code)
    {
        var response = await PostAsync("/api/auth/verify", new { email, code });
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        return (body["data"]!["token"]!.GetValue<string>(), body["data"]!["user"]!);
    }

    [Test]
    public async Task A_code_sent_by_email_signs_in_once_and_creates_the_user()
    {
        var code = await RequestCodeAsync("ada@example.com");
        Assert.That(code, Does.Match("^[0-9]{6}$"));
        Assert.That(_smtp.Messages.Last().Data, Does.Contain("signin@faultline.test"));
        var (token, user) = await VerifyAsync("Ada@Example.com", code);
        Assert.Multiple(() =>
        {
            Assert.That(user["email"]!.GetValue<string>(), Is.EqualTo("ada@example.com").IgnoreCase);
            Assert.That(user["role"]!.GetValue<string>(), Is.EqualTo("USER"));
            Assert.That(user["id"]!.GetValue<string>(), Is.Not.Empty);
        });

        var again = await PostAsync("/api/auth/verify", new { email = "ada@example.com", code });
        var refused = await ReadJsonAsync(again);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(refused["success"]!.GetValue<bool>(), Is.False);
        Assert.That(refused["error"]!["code"]!.GetValue<string>(), Is.EqualTo("INVALID_CODE"));

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var meBody = await ReadJsonAsync(await _client.SendAsync(me));
        Assert.That(meBody["data"]!["email"]!.GetValue<string>(), Is.EqualTo("ada@example.com").IgnoreCase);
        Assert.That(meBody["data"]!["createdAt"]!.GetValue<string>(), Does.EndWith("Z"));
        Assert.That(await DatabaseReset.CountAsync("users"), Is.EqualTo(1));
    }

    [Test]
    public async Task Codes_are_stored_hashed_and_an_unknown_email_gets_the_same_answer()
    {
        var code = await RequestCodeAsync("nobody@example.com");
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT c::text FROM sign_in_codes c", connection);
        var row = (string)(await command.ExecuteScalarAsync())!;
        Assert.That(row, Does.Not.Contain(code));
        Assert.That(await DatabaseReset.CountAsync("users"), Is.Zero);
    }

    [Test]
    public async Task Five_wrong_codes_spend_the_code_and_a_fourth_request_in_fifteen_minutes_is_429()
    {
        var code = await RequestCodeAsync("ada@example.com");
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            var response = await PostAsync("/api/auth/verify", new { email = "ada@example.com", code = wrong });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var spent = await PostAsync("/api/auth/verify", new { email = "ada@example.com", code });
        Assert.That(spent.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), await spent.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(spent))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("RATE_LIMIT_EXCEEDED"));

        await RequestCodeAsync("ada@example.com");
        await RequestCodeAsync("ada@example.com");
        var fourth = await PostAsync("/api/auth/request-code", new { email = "ADA@example.com" });
        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), await fourth.Content.ReadAsStringAsync());
        Assert.That(fourth.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 15 * 60));
    }

    [Test]
    public async Task An_api_key_is_made_for_the_users_default_app_and_ingests_into_it()
    {
        var (token, _) = await VerifyAsync("ada@example.com", await RequestCodeAsync("ada@example.com"));
        var first = await ReadJsonAsync(await PostAsync("/api/auth/api-key", new { name = "Production API Key" }, token));
        var second = await ReadJsonAsync(await PostAsync("/api/auth/api-key", new { }, token));
        var apiKey = first["data"]!["apiKey"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(first["success"]!.GetValue<bool>(), Is.True);
            Assert.That(first["data"]!["keyId"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(first["data"]!["message"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(second["data"]!["apiKey"]!.GetValue<string>(), Is.Not.EqualTo(apiKey));
        });

        using var apps = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        apps.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var owned = (await ReadJsonAsync(await _client.SendAsync(apps))).AsArray();
        Assert.That(owned.Select(app => app!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "default" }));
        var ingested = await IngestAsync(owned[0]!["id"]!.GetValue<long>(), apiKey, EventBody());
        Assert.That(ingested.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Bad_input_and_missing_tokens_get_the_envelope_never_500()
    {
        foreach (var (path, body, status, code) in new (string, object, HttpStatusCode, string)[]
                 {
                     ("/api/auth/request-code", new { email = "not an email" }, HttpStatusCode.BadRequest, "VALIDATION_ERROR"),
                     ("/api/auth/request-code", new { }, HttpStatusCode.BadRequest, "VALIDATION_ERROR"),
                     ("/api/auth/verify", new { email = "ada@example.com", code = "12345" }, HttpStatusCode.BadRequest, "VALIDATION_ERROR"),
                     ("/api/auth/verify", new { email = "ada@example.com", code = "123456" }, HttpStatusCode.Unauthorized, "INVALID_CODE"),
                     ("/api/auth/api-key", new { }, HttpStatusCode.Unauthorized, "UNAUTHORIZED"),
                 })
        {
            var response = await PostAsync(path, body);
            var json = await ReadJsonAsync(response);
            Assert.That(response.StatusCode, Is.EqualTo(status), $"{path}: {json.ToJsonString()}");
            Assert.That(json["success"]!.GetValue<bool>(), Is.False);
            Assert.That(json["error"]!["code"]!.GetValue<string>(), Is.EqualTo(code), path);
        }

        var me = await _client.GetAsync("/api/auth/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await ReadJsonAsync(me))["error"]!["code"]!.GetValue<string>(), Is.EqualTo("UNAUTHORIZED"));
    }

    [Test]
    public async Task Without_a_mail_server_the_code_is_one_marked_log_line()
    {
        var lines = new ConcurrentQueue<string>();
        await using var host = App.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(lines))));
        using var client = host.CreateClient();
        var response = await client.PostAsync("/api/auth/request-code", Json(new { email = "ada@example.com" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var marked = lines.Where(line => line.Contains("SIGN-IN CODE", StringComparison.Ordinal)).ToList();
        Assert.That(marked, Has.Count.EqualTo(1));
        Assert.That(marked[0], Does.Match("ada@example.com: [0-9]{6}$"));
    }

    [GeneratedRegex("code is ([0-9]{6})")]
    private static partial Regex Code();

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
