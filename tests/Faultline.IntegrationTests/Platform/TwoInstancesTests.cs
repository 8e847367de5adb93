using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.Infrastructure.Maintenance;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Faultline.IntegrationTests.Platform;

/// <summary>
/// Faultline scales out behind a load balancer: two hosts on one PostgreSQL, started together on an empty
/// database, ingesting, deduplicating and maintaining it at once.
/// </summary>
public sealed class TwoInstancesTests
{
    private ScratchDatabase _database = null!;
    private WebApplicationFactory<Program>[] _hosts = [];
    private HttpClient[] _operators = [];

    [SetUp]
    public async Task StartTwoHostsTogetherAsync()
    {
        _database = await ScratchDatabase.CreateAsync();
        _hosts = [Host(), Host()];
        // Creating a client starts the host, and each start migrates the empty database: at the same time.
        _operators = await Task.WhenAll(_hosts.Select(host => Task.Run(() =>
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
            return client;
        })));
    }

    [TearDown]
    public async Task StopHostsAsync()
    {
        foreach (var client in _operators)
        {
            client.Dispose();
        }

        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private WebApplicationFactory<Program> Host() =>
        new FaultlineApp().WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Faultline", _database.ConnectionString));

    private async Task<(long Id, string Key)> CreateAppAsync()
    {
        var created = JsonNode.Parse(await (await _operators[0].PostAsync("/apps/shop", null)).Content.ReadAsStringAsync())!;
        return (created["id"]!.GetValue<long>(), created["ingest_key"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> IngestAsync(HttpClient client, long appId, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-INGEST-KEY", key);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Both_hosts_start_together_on_an_empty_database_and_migrate_it_once()
    {
        foreach (var client in _operators)
        {
            Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(await _database.AppliedVersionsAsync(), Is.EqualTo(KnownMigrations.Versions));
    }

    [Test]
    public async Task Events_ingested_through_both_hosts_are_all_stored()
    {
        var (appId, key) = await CreateAppAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            IngestAsync(_operators[i % 2], appId, key, new { occurred_at = "2026-11-29T10:00:00Z", level = "INFO", message = $"event {i}" })));

        var failures = await Task.WhenAll(responses.Where(response => response.StatusCode != HttpStatusCode.Created)
            .Select(response => response.Content.ReadAsStringAsync()));
        Assert.That(failures, Is.Empty);
        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM events"), Is.EqualTo(100));
        Assert.That(await _database.ScalarAsync<long>("SELECT sum(count) FROM event_counts_minute"), Is.EqualTo(100));
    }

    [Test]
    public async Task The_same_event_id_sent_to_both_hosts_at_once_is_stored_once()
    {
        var (appId, key) = await CreateAppAsync();

        var pairs = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var body = new { occurred_at = "2026-11-29T10:00:00Z", level = "ERROR", message = $"retry {i}", event_id = $"client-{i}" };
            var answers = await Task.WhenAll(_operators.Select(client => IngestAsync(client, appId, key, body)));
            return await Task.WhenAll(answers.Select(async answer => JsonNode.Parse(await answer.Content.ReadAsStringAsync())!));
        }));

        Assert.That(await _database.ScalarAsync<long>("SELECT count(*) FROM events"), Is.EqualTo(20));
        foreach (var pair in pairs)
        {
            Assert.That(pair[0]["id"]!.GetValue<long>(), Is.EqualTo(pair[1]["id"]!.GetValue<long>()), "both answers name the stored event");
            Assert.That(pair.Count(answer => answer["duplicate"]!.GetValue<bool>()), Is.EqualTo(1), "exactly one of the two was the duplicate");
        }
    }

    [Test]
    public async Task Maintenance_runs_on_both_hosts_at_once_without_errors_or_double_work()
    {
        var old = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-200));
        await _database.ExecuteAsync($"""
            CREATE TABLE events_p{old:yyyyMMdd} PARTITION OF events
            FOR VALUES FROM ('{old:yyyy-MM-dd} 00:00:00+00') TO ('{old.AddDays(1):yyyy-MM-dd} 00:00:00+00')
            """);
        var maintenance = _hosts.Select(host => host.Services.GetRequiredService<EventStoreMaintenance>()).ToList();

        var reports = await Task.WhenAll(maintenance.Select(service => Task.Run(() => service.RunOnceAsync(CancellationToken.None))));
        var later = await Task.WhenAll(maintenance.Select(service => service.RunOnceAsync(CancellationToken.None)));

        Assert.That(reports.SelectMany(report => report.DroppedPartitions), Is.EqualTo(new[] { $"events_p{old:yyyyMMdd}" }), "dropped once");
        Assert.That(reports.Count(report => report.Ran), Is.GreaterThanOrEqualTo(1));
        Assert.That(later.SelectMany(report => report.DroppedPartitions), Is.Empty);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.That(await _database.ScalarAsync<bool>($"SELECT to_regclass('events_p{today.AddDays(1):yyyyMMdd}') IS NOT NULL"), Is.True,
            "partitions ahead exist");
    }
}
