using System.Net;
using Dapper;
using Faultline.Infrastructure.Anomalies;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>The detector over generated traffic with a daily cycle and noise: every injected spike found, nothing else.</summary>
public sealed class AnomalyTests : LogHunterTest
{
    /// <summary>Midnight (UTC) of the day the detector is run on: the 8 days before it are history.</summary>
    private static readonly DateTime Day8 = DateTime.UtcNow.Date.AddDays(-30);

    private static AnomalyDetector Detector => App.Services.GetRequiredService<AnomalyDetector>();

    private static async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>ERROR events per minute: 3 ± 2 over the day, ± 1 of noise; nine days ending with Day8, written as the minute rollup.</summary>
    private static async Task GenerateAsync(long appId, int seed, IReadOnlyList<(DateTime Start, int PerMinute)> spikes)
    {
        var random = new Random(seed);
        var minutes = new List<DateTime>();
        var counts = new List<long>();
        for (var minute = Day8.AddDays(-8); minute < Day8.AddDays(1); minute = minute.AddMinutes(1))
        {
            var cycle = 3 + 2 * Math.Sin(2 * Math.PI * minute.TimeOfDay.TotalHours / 24);
            var count = Math.Max(0, (int)Math.Round(cycle) + random.Next(-1, 2));
            count += spikes.Where(spike => minute >= spike.Start && minute < spike.Start.AddMinutes(20)).Sum(spike => spike.PerMinute);
            minutes.Add(minute);
            counts.Add(count);
        }

        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO event_counts_minute (app_id, minute, level, kind, count)
            SELECT @AppId, m, 'ERROR', 'error', c FROM unnest(@Minutes, @Counts) AS t(m, c) WHERE c > 0;
            UPDATE apps SET created_at = @Created WHERE id = @AppId;
            """, new { AppId = appId, Minutes = minutes.ToArray(), Counts = counts.ToArray(), Created = Day8.AddDays(-10) });
    }

    private static async Task<List<(long AppId, string Kind, string Severity, DateTime WindowStart, DateTime WindowEnd)>> AnomaliesAsync()
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<(long, string, string, DateTime, DateTime)>(
            "SELECT app_id, kind, severity, window_start, window_end FROM anomalies ORDER BY window_start")).AsList();
    }

    private static async Task RunThroughDay8Async()
    {
        for (var now = Day8.AddMinutes(10); now <= Day8.AddDays(1); now = now.AddMinutes(10))
        {
            await Detector.RunOnceAsync(new DateTimeOffset(now), CancellationToken.None);
        }
    }

    [Test]
    public async Task Every_injected_spike_is_found_once_and_a_steady_app_has_no_anomaly_at_all()
    {
        var (spiky, _) = await CreateAppAsync("spiky");
        var (steady, _) = await CreateAppAsync("steady");
        var spikes = new List<(DateTime Start, int PerMinute)>
        {
            (Day8.AddHours(3).AddMinutes(10), 50), (Day8.AddHours(9).AddMinutes(40), 100), (Day8.AddHours(15).AddMinutes(5), 30), (Day8.AddHours(21).AddMinutes(20), 300),
        };
        await GenerateAsync(spiky, seed: 1, spikes);
        await GenerateAsync(steady, seed: 2, []);

        await RunThroughDay8Async();

        var found = await AnomaliesAsync();
        Assert.That(found.Where(a => a.AppId == steady), Is.Empty, "a steady app has no anomaly");
        Assert.That(found, Has.All.Matches<(long AppId, string Kind, string Severity, DateTime WindowStart, DateTime WindowEnd)>(a => a.Kind == "spike"));
        foreach (var (start, _) in spikes)
        {
            Assert.That(found.Count(a => a.WindowStart < start.AddMinutes(20) && a.WindowEnd > start), Is.EqualTo(1), $"the spike at {start:HH:mm}");
        }

        Assert.That(found, Has.Count.EqualTo(spikes.Count), "nothing but the injected spikes");
        Assert.That(found.Last().Severity, Is.EqualTo("CRITICAL"), "300 a minute over a quiet hour is more than 20 times the baseline");
    }

    [Test]
    public async Task An_error_rate_far_above_its_baseline_is_an_anomaly_with_its_baseline_through_both_apis()
    {
        var (appId, key) = await CreateAppAsync("api");
        for (var day = 7; day >= 0; day--)
        {
            for (var i = 0; i < 30; i++)
            {
                App.Clock.Pin(new DateTimeOffset(Day8.AddDays(-day).AddHours(12).AddMinutes(i)));
                var failing = day == 0 ? i % 2 == 0 : i % 15 == 0;
                await IngestOkAsync(appId, key, new
                {
                    occurred_at = "2026-02-10T10:00:00Z", kind = "request", level = failing ? "ERROR" : "INFO", message = "GET /orders",
                    http_method = "GET", http_path = "/orders", status_code = failing ? 503 : 200, duration_ms = 12.5,
                });
            }
        }

        App.Clock.Release();
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE apps SET created_at = @Created", new { Created = Day8.AddDays(-10) });
        }

        // The failing requests are ERROR events too: 15 against 2 is also a spike of the app's errors.
        Assert.That(await Detector.RunOnceAsync(new DateTimeOffset(Day8.AddHours(12).AddMinutes(45)), CancellationToken.None), Is.EqualTo(2));

        var list = await GetJsonAsync($"/api/v1/apps/{appId}/anomalies");
        Assert.That(list["items"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()), Is.EquivalentTo(new[] { "spike", "error_rate" }));
        var anomaly = list["items"]!.AsArray().Single(a => a!["kind"]!.GetValue<string>() == "error_rate")!;
        Assert.Multiple(() =>
        {
            Assert.That(anomaly["kind"]!.GetValue<string>(), Is.EqualTo("error_rate"));
            Assert.That(anomaly["observed"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(anomaly["baseline_mean"]!.GetValue<double>(), Is.EqualTo(2.0 / 30).Within(1e-9));
            Assert.That(anomaly["baseline_stddev"]!.GetValue<double>(), Is.EqualTo(0).Within(1e-9));
            Assert.That(anomaly["ratio"]!.GetValue<double>(), Is.EqualTo(7.5).Within(0.001));
            Assert.That(anomaly["severity"]!.GetValue<string>(), Is.EqualTo("MEDIUM"));
            Assert.That(anomaly["window_end"]!.GetValue<DateTime>(), Is.EqualTo(Day8.AddHours(12).AddMinutes(45)));
        });
        var id = anomaly["id"]!.GetValue<long>();
        Assert.That((await GetJsonAsync($"/api/v1/apps/{appId}/anomalies/{id}"))["kind"]!.GetValue<string>(), Is.EqualTo("error_rate"));

        var loghunter = await GetJsonAsync("/api/v1/anomalies?service=api&since=7d&severity=medium");
        Assert.That(loghunter["meta"]!["total"]!.GetValue<long>(), Is.EqualTo(0), "since 7d is measured from now, and this anomaly is a month old");
        var byId = (await GetJsonAsync($"/api/v1/anomalies/{id}"))["data"]!;
        Assert.That(byId["type"]!.GetValue<string>(), Is.EqualTo("error_rate"));
        Assert.That(byId["service"]!.GetValue<string>(), Is.EqualTo("api"));
        Assert.That(byId["baseline_mean"]!.GetValue<double>(), Is.EqualTo(2.0 / 30).Within(1e-9));

        var (otherApp, _) = await CreateAppAsync("other");
        using var other = await TenantAsync("other", otherApp);
        await AssertErrorAsync(await other.GetAsync($"/api/v1/anomalies/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await other.GetAsync("/api/v1/anomalies?service=api"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        Assert.That((await ReadJsonAsync(await other.GetAsync("/api/v1/anomalies")))["data"]!.AsArray(), Is.Empty);
        await AssertErrorAsync(await other.GetAsync($"/api/v1/apps/{appId}/anomalies/{id}"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{otherApp}/anomalies/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/anomalies?severity=loud"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Two_instances_running_the_detector_at_once_record_an_anomaly_once()
    {
        var (appId, _) = await CreateAppAsync("spiky");
        await GenerateAsync(appId, seed: 3, [(Day8.AddHours(9), 100)]);
        var now = new DateTimeOffset(Day8.AddHours(9).AddMinutes(30));

        var recorded = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Detector.RunOnceAsync(now, CancellationToken.None))));

        Assert.That(recorded.Sum(), Is.EqualTo(1));
        Assert.That(await AnomaliesAsync(), Has.Count.EqualTo(1));
    }
}
