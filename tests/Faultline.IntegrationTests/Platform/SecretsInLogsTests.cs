using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Faultline.IntegrationTests.Platform;

/// <summary>Every log line of a second Faultline is captured, and no key may appear in any of them.</summary>
public sealed class SecretsInLogsTests : ApiTest
{
    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(CapturingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                owner.Lines.Enqueue("scope: " + state);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }

    [Test]
    public async Task No_key_or_token_is_ever_written_to_the_log()
    {
        var (appId, key) = await CreateAppAsync();
        var provider = new CapturingProvider();
        await using var logged = App.WithWebHostBuilder(builder => builder
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .ConfigureServices(services => services.AddSingleton<ILoggerProvider>(provider)));
        using var client = logged.CreateClient();

        using (var good = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) })
        {
            good.Headers.Add("X-INGEST-KEY", key);
            await client.SendAsync(good);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) })
        {
            wrong.Headers.Add("X-INGEST-KEY", key + "0");
            await client.SendAsync(wrong);
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
        var created = await ReadJsonAsync(await client.PostAsync("/api/v1/admin/keys", Json(new { name = "logged", scopes = new[] { "read" } })));
        var operatorKey = created["key"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        await client.GetAsync("/apps/");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey + "x");
        await client.GetAsync("/apps/");

        var log = string.Join('\n', provider.Lines);
        Assert.That(provider.Lines, Is.Not.Empty);
        Assert.That(log, Does.Not.Contain(key[10..]));
        Assert.That(log, Does.Not.Contain(operatorKey[12..]));
        Assert.That(log, Does.Not.Contain(TestDatabase.AdminToken));
    }
}
