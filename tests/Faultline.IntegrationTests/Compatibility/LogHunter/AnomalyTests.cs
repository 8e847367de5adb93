using System.Net;
using Dapper;
using Faultline.Infrastructure.Anomalies;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>The detector over generated traffic with a daily cycle and noise: every injected spike, new group and regression found, nothing else.</summary>
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

    /// <summary>An injected group event: a spike of <paramref name="Extra"/> events in one hour of Day8 on steady group <paramref name="Group"/>.</summary>
    private sealed record GroupSpike(int Group, int Hour, int Extra);

    /// <summary>A group first seen on Day8 at <paramref name="At"/> with <paramref name="Count"/> events in that hour.</summary>
    private sealed record NewGroup(string Title, DateTime At, string Level, int Count);

    /// <summary>A group busy on the first three days, then resolved, back on Day8 at <paramref name="At"/> with <paramref name="Count"/> events.</summary>
    private sealed record Regression(string Title, DateTime At, int Count);

    /// <summary>
    /// Error groups as ingest keeps them (rows and hourly counts) over the same nine days: four steady groups of
    /// 20, 30, 40 and 60 events an hour at their mean, ± 50% over the day and ± 3 of noise, plus what is injected.
    /// Returns the ids of the groups, steady ones first, then the new ones, then the regressed ones.
    /// </summary>
    private static async Task<List<long>> GenerateGroupsAsync(
        long appId, int seed, IReadOnlyList<GroupSpike> spikes, IReadOnlyList<NewGroup> newGroups, IReadOnlyList<Regression> regressions)
    {
        var random = new Random(seed);
        var ids = new List<long>();
        await using var connection = await OpenAsync();

        async Task<long> GroupAsync(string title, string level, DateTime firstSeen, DateTime lastSeen, DateTime? regressedAt, List<(DateTime Hour, long Count)> hours)
        {
            var id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO error_groups (app_id, fingerprint, title, kind, level, count, first_seen, last_seen, sample_message, regressed, regressed_at)
                VALUES (@AppId, md5(@Title), @Title, 'error', @Level, @Count, @FirstSeen, @LastSeen, @Title, @RegressedAt::timestamptz IS NOT NULL, @RegressedAt)
                RETURNING id
                """, new { AppId = appId, Title = title, Level = level, Count = hours.Sum(h => h.Count), FirstSeen = firstSeen, LastSeen = lastSeen, RegressedAt = regressedAt });
            await connection.ExecuteAsync(
                "INSERT INTO error_group_counts_hour (group_id, hour, count) SELECT @Id, h, c FROM unnest(@Hours, @Counts) AS t(h, c) WHERE c > 0",
                new { Id = id, Hours = hours.Select(h => h.Hour).ToArray(), Counts = hours.Select(h => h.Count).ToArray() });
            return id;
        }

        int[] means = [20, 30, 40, 60];
        for (var group = 0; group < means.Length; group++)
        {
            var hours = new List<(DateTime, long)>();
            for (var hour = Day8.AddDays(-8); hour < Day8.AddDays(1); hour = hour.AddHours(1))
            {
                var cycle = means[group] * (1 + 0.5 * Math.Sin(2 * Math.PI * hour.Hour / 24.0));
                var count = (int)Math.Round(cycle) + random.Next(-3, 4);
                count += spikes.Where(spike => spike.Group == group && hour == Day8.AddHours(spike.Hour)).Sum(spike => spike.Extra);
                hours.Add((hour, count));
            }

            ids.Add(await GroupAsync($"SteadyError {group}", "ERROR", Day8.AddDays(-8), Day8.AddDays(1).AddMinutes(-1), null, hours));
        }

        foreach (var added in newGroups)
        {
            ids.Add(await GroupAsync(added.Title, added.Level, added.At, added.At.AddMinutes(5), null, [(Hour(added.At), added.Count)]));
        }

        foreach (var regression in regressions)
        {
            var hours = Enumerable.Range(0, 72).Select(h => (Day8.AddDays(-8).AddHours(h), (long)random.Next(3, 8))).ToList();
            hours.Add((Hour(regression.At), regression.Count));
            ids.Add(await GroupAsync(regression.Title, "ERROR", Day8.AddDays(-8), regression.At, regression.At, hours));
        }

        return ids;
    }

    private static DateTime Hour(DateTime at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

    private sealed record Found(long AppId, long? GroupId, string Kind, string Severity, double Observed, DateTime WindowStart, DateTime WindowEnd);

    private static async Task<List<Found>> AnomaliesAsync()
    {
        await using var connection = await OpenAsync();
        return (await connection.QueryAsync<Found>("""
            SELECT app_id AS AppId, group_id AS GroupId, kind AS Kind, severity AS Severity, observed AS Observed, window_start AS WindowStart, window_end AS WindowEnd
            FROM anomalies ORDER BY window_start
            """)).AsList();
    }

    private static async Task RunThroughDay8Async()
    {
        for (var now = Day8.AddMinutes(10); now <= Day8.AddDays(1); now = now.AddMinutes(10))
        {
            await Detector.RunOnceAsync(new DateTimeOffset(now), CancellationToken.None);
        }
    }

    [Test]
    public async Task Every_injected_spike_new_group_and_regression_is_found_once_and_a_steady_app_has_no_anomaly_at_all()
    {
        var (spiky, _) = await CreateAppAsync("spiky");
        var (steady, _) = await CreateAppAsync("steady");
        var spikes = new List<(DateTime Start, int PerMinute)>
        {
            (Day8.AddHours(3).AddMinutes(10), 50), (Day8.AddHours(9).AddMinutes(40), 100), (Day8.AddHours(15).AddMinutes(5), 30), (Day8.AddHours(21).AddMinutes(20), 300),
        };
        var groupSpikes = new List<GroupSpike> { new(0, 4, 150), new(2, 11, 200), new(3, 17, 400) };
        var newGroups = new List<NewGroup>
        {
            new("KeyError: 'cart'", Day8.AddHours(6).AddMinutes(23), "ERROR", 4),
            new("OutOfMemoryError", Day8.AddHours(13).AddMinutes(47), "CRITICAL", 40),
            new("Deprecated call", Day8.AddHours(19).AddMinutes(5), "WARNING", 30),
        };
        var regressions = new List<Regression> { new("TimeoutError: db", Day8.AddHours(8).AddMinutes(12), 6), new("ConnectionReset", Day8.AddHours(20).AddMinutes(40), 3) };
        await GenerateAsync(spiky, seed: 1, spikes);
        var groups = await GenerateGroupsAsync(spiky, seed: 4, groupSpikes, newGroups, regressions);
        await GenerateAsync(steady, seed: 2, []);
        await GenerateGroupsAsync(steady, seed: 5, [], [], []);

        await RunThroughDay8Async();

        var found = await AnomaliesAsync();
        Assert.That(found.Where(a => a.AppId == steady), Is.Empty, "a steady app and its steady groups have no anomaly");
        var appFound = found.Where(a => a.GroupId is null).ToList();
        Assert.That(appFound, Has.All.Matches<Found>(a => a.Kind == "spike"));
        foreach (var (start, _) in spikes)
        {
            Assert.That(appFound.Count(a => a.WindowStart < start.AddMinutes(20) && a.WindowEnd > start), Is.EqualTo(1), $"the app's spike at {start:HH:mm}");
        }

        Assert.That(appFound.Last().Severity, Is.EqualTo("CRITICAL"), "300 a minute over a quiet hour is more than 20 times the baseline");

        // The WARNING group is new too, but only ERROR and above are worth an anomaly.
        var expected = groupSpikes.Select(spike => (groups[spike.Group], "spike", Day8.AddHours(spike.Hour)))
            .Concat(newGroups.Select((added, i) => (Added: added, Id: groups[4 + i])).Where(n => n.Added.Level != "WARNING").Select(n => (n.Id, "new_group", n.Added.At)))
            .Concat(regressions.Select((regression, i) => (groups[4 + newGroups.Count + i], "regression", regression.At)))
            .ToList();
        var groupFound = found.Where(a => a.GroupId is not null).Select(a => (a.GroupId!.Value, a.Kind, a.WindowStart)).ToList();
        Assert.That(groupFound, Is.EquivalentTo(expected), "every injected group spike, new ERROR group and regression, once, and nothing else");
        Assert.That(found, Has.Count.EqualTo(spikes.Count + expected.Count));

        var oom = found.Single(a => a.GroupId == groups[5]);
        Assert.That((oom.Observed, oom.Severity), Is.EqualTo((40.0, "CRITICAL")), "a new group's baseline is nothing: 40 events are 40 times the floor of 1");
        Assert.That(found.Single(a => a.GroupId == groups[3]).Observed, Is.GreaterThan(400));
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

        // The failing requests are ERROR events too, all in one group: 15 against 2 is also a spike of the app's
        // errors and of that group's.
        Assert.That(await Detector.RunOnceAsync(new DateTimeOffset(Day8.AddHours(12).AddMinutes(45)), CancellationToken.None), Is.EqualTo(3));

        var list = await GetJsonAsync($"/api/v1/apps/{appId}/anomalies");
        Assert.That(
            list["items"]!.AsArray().Select(a => (a!["kind"]!.GetValue<string>(), a["group_id"] is not null)),
            Is.EquivalentTo(new[] { ("spike", false), ("error_rate", false), ("spike", true) }));
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
    public async Task A_new_group_and_each_return_of_a_resolved_group_are_recorded_once_with_the_group_through_both_apis()
    {
        var (appId, key) = await CreateAppAsync("payments");
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE apps SET created_at = @Created WHERE id = @AppId", new { AppId = appId, Created = DateTime.UtcNow.AddDays(-10) });
        }

        var first = DateTime.UtcNow.AddHours(-6);
        async Task IngestAtAsync(DateTime at)
        {
            App.Clock.Pin(new DateTimeOffset(at));
            try
            {
                await IngestOkAsync(appId, key, new { kind = "error", level = "ERROR", name = "CardDeclined", message = "Card 4242 declined" });
            }
            finally
            {
                App.Clock.Release();
            }
        }

        async Task<int> DetectAsync(DateTime at) => await Detector.RunOnceAsync(new DateTimeOffset(at), CancellationToken.None);

        async Task ResolveAsync(long groupId)
        {
            var response = await Operator.PatchAsync($"/api/v1/apps/{appId}/groups/{groupId}", Json(new { status = "resolved" }));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        await IngestAtAsync(first);
        var groupId = (await GetJsonAsync($"/api/v1/apps/{appId}/groups"))["items"]![0]!["id"]!.GetValue<long>();
        Assert.That(await DetectAsync(first.AddMinutes(2)), Is.EqualTo(1), "the new group");
        Assert.That(await DetectAsync(first.AddMinutes(3)), Is.EqualTo(0), "recorded once");

        await ResolveAsync(groupId);
        var back = first.AddHours(2);
        await IngestAtAsync(back);
        await IngestAtAsync(back.AddMinutes(1));
        Assert.That(await DetectAsync(back.AddMinutes(2)), Is.EqualTo(1), "the regression");
        Assert.That(await DetectAsync(back.AddMinutes(30)), Is.EqualTo(0), "a group still unresolved does not regress again");

        await ResolveAsync(groupId);
        var again = first.AddHours(4);
        await IngestAtAsync(again);
        Assert.That(await DetectAsync(again.AddMinutes(2)), Is.EqualTo(1), "it came back once more");

        var list = (await GetJsonAsync($"/api/v1/apps/{appId}/anomalies"))["items"]!.AsArray();
        Assert.That(list.Select(a => a!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "regression", "regression", "new_group" }));
        Assert.That(list.Select(a => a!["group_id"]!.GetValue<long>()), Is.All.EqualTo(groupId));
        Assert.That(list.Select(a => a!["group_title"]!.GetValue<string>()), Is.All.Contains("declined"));
        var regression = list[1]!;
        Assert.Multiple(() =>
        {
            Assert.That(regression["window_start"]!.GetValue<DateTime>(), Is.EqualTo(back).Within(TimeSpan.FromMilliseconds(1)), "the regression is when the group came back");
            Assert.That(regression["observed"]!.GetValue<double>(), Is.EqualTo(2), "the two events since it came back");
            Assert.That(regression["severity"]!.GetValue<string>(), Is.EqualTo("LOW"));
        });

        var loghunter = await GetJsonAsync("/api/v1/anomalies?service=payments&since=1d");
        Assert.That(loghunter["data"]!.AsArray().Select(a => a!["cluster_id"]!.GetValue<long>()), Is.EqualTo(new[] { groupId, groupId, groupId }));
        var byId = (await GetJsonAsync($"/api/v1/anomalies/{regression["id"]!.GetValue<long>()}"))["data"]!;
        Assert.That((byId["type"]!.GetValue<string>(), byId["cluster_id"]!.GetValue<long>()), Is.EqualTo(("regression", groupId)));
        Assert.That((await GetJsonAsync($"/api/v1/clusters/{groupId}"))["data"]!["status"]!.GetValue<string>(), Is.EqualTo("unresolved"));
    }

    [Test]
    public async Task Two_instances_running_the_detector_at_once_record_an_anomaly_once()
    {
        var (appId, _) = await CreateAppAsync("spiky");
        await GenerateAsync(appId, seed: 3, [(Day8.AddHours(9), 100)]);
        await GenerateGroupsAsync(
            appId, seed: 6, [new(1, 9, 300)], [new("NullReferenceException", Day8.AddHours(9).AddMinutes(5), "ERROR", 12)],
            [new("TimeoutError: db", Day8.AddHours(9).AddMinutes(10), 5)]);
        var now = new DateTimeOffset(Day8.AddHours(9).AddMinutes(30));

        var recorded = (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Detector.RunOnceAsync(now, CancellationToken.None))))).Sum();
        recorded += await Detector.RunOnceAsync(now.AddMinutes(1), CancellationToken.None);

        Assert.That(recorded, Is.EqualTo(4), "the app's spike, the group's spike, the new group and the regression, though five runs saw them");
        Assert.That((await AnomaliesAsync()).Select(a => (a.GroupId is null, a.Kind)), Is.EquivalentTo(new[]
        {
            (true, "spike"), (false, "spike"), (false, "new_group"), (false, "regression"),
        }));
    }
}
