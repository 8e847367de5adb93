using System.Net;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

public sealed class LogHunterAnalysisTests : LogHunterTest
{
    private const string PoolExhausted = "connection pool exhausted: max_open_conns=10";

    private static readonly DateTimeOffset Now = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(DateTime.UtcNow.Hour);

    private async Task<long> IngestAtAsync(long appId, string key, DateTimeOffset at, string level, string message, string release)
    {
        App.Clock.Pin(at);
        return await IngestOkAsync(appId, key, new { occurred_at = at.ToString("O"), level, message, release, environment = "production" });
    }

    /// <summary>Release 1.4.2 appears 20 minutes before now; 10 minutes later the pool errors start, 47 of 50 on it.</summary>
    private async Task<long> ReleaseGoneWrongAsync()
    {
        var (appId, key) = await CreateAppAsync("payments-api");
        await IngestAtAsync(appId, key, Now.AddDays(-3), "INFO", "deployed", "1.4.1");
        for (var i = 0; i < 50; i++)
        {
            await IngestAtAsync(appId, key, Now.AddMinutes(-50).AddSeconds(i * 20), "INFO", $"request {i} served", "1.4.1");
        }

        for (var i = 0; i < 10; i++)
        {
            await IngestAtAsync(appId, key, Now.AddMinutes(-45).AddSeconds(i * 30), "ERROR", "card declined", "1.4.1");
        }

        await IngestAtAsync(appId, key, Now.AddMinutes(-20), "INFO", "deployed", "1.4.2");
        for (var i = 0; i < 50; i++)
        {
            await IngestAtAsync(appId, key, Now.AddMinutes(-10).AddSeconds(i * 10), "ERROR", PoolExhausted, i % 17 == 5 ? "1.4.1" : "1.4.2");
        }

        App.Clock.Pin(Now);
        return appId;
    }

    [Test]
    public async Task The_built_in_analysis_names_the_release_the_errors_follow()
    {
        await ReleaseGoneWrongAsync();

        var response = await Operator.PostAsync("/api/v1/analyze", Json(new { service = "payments-api", @namespace = "production", since = "1h", levels = new[] { "ERROR", "FATAL" } }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var accepted = (await ReadJsonAsync(response))["data"]!;
        Assert.That(accepted["status"]!.GetValue<string>(), Is.EqualTo("pending"));
        var job = await ScratchHosts.FinishedAsync(Operator, accepted["poll_url"]!.GetValue<string>());
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("completed"), job.ToJsonString());
        var clusters = job["result"]!["clusters"]!.AsArray();
        var pool = clusters[0]!;
        var analysis = pool["analysis"]!;
        Assert.Multiple(() =>
        {
            Assert.That(job["result"]!["total"]!.GetValue<long>(), Is.EqualTo(60));
            Assert.That(clusters.Select(c => c!["count"]!.GetValue<long>()), Is.EqualTo(new long[] { 50, 10 }));
            Assert.That(pool["sample_message"]!.GetValue<string>(), Is.EqualTo(PoolExhausted));
            Assert.That(pool["findings"]!.AsArray().Select(f => f!.GetValue<string>()),
                Has.Some.Contains("94% on release 1.4.2").And.Some.Contains("first appeared 10 minutes before the first event"));
            Assert.That(analysis["root_cause"]!.GetValue<string>(), Does.Contain("release 1.4.2"));
            Assert.That(analysis["suggested_action"]!.GetValue<string>(), Does.Contain("1.4.2"));
            Assert.That(analysis["confidence"]!.GetValue<double>(), Is.InRange(0.6, 0.95));
            Assert.That(analysis["provider"]!.GetValue<string>(), Is.EqualTo("builtin"));
            Assert.That(clusters[1]!["analysis"]!["confidence"]!.GetValue<double>(), Is.LessThan(analysis["confidence"]!.GetValue<double>()));
        });
    }

    [Test]
    public async Task A_cluster_inside_a_recorded_spike_says_it_belongs_to_it()
    {
        var appId = await ReleaseGoneWrongAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO anomalies (app_id, kind, severity, observed, baseline_mean, baseline_stddev, ratio, window_start, window_end, detected_at)
                VALUES ($1, 'spike', 'HIGH', 60, 5, 1, 12, $2, $3, $3)
                """, connection);
            insert.Parameters.AddWithValue(appId);
            insert.Parameters.AddWithValue(Now.AddMinutes(-60).UtcDateTime);
            insert.Parameters.AddWithValue(Now.AddMinutes(-5).UtcDateTime);
            await insert.ExecuteNonQueryAsync();
        }

        var accepted = (await ReadJsonAsync(await Operator.PostAsync("/api/v1/analyze", Json(new { service = "payments-api", since = "1h" }))))["data"]!;
        var job = await ScratchHosts.FinishedAsync(Operator, accepted["poll_url"]!.GetValue<string>());

        Assert.That(job["result"]!["clusters"]![0]!["findings"]!.AsArray().Select(f => f!.GetValue<string>()),
            Has.Some.StartsWith("Part of a HIGH spike of the app (12× its baseline)"));
    }

    [Test]
    public async Task The_same_request_over_unchanged_data_is_answered_from_the_completed_job_at_once()
    {
        var appId = await ReleaseGoneWrongAsync();
        var request = new { service = "payments-api", since = "1h" };
        var first = (await ReadJsonAsync(await Operator.PostAsync("/api/v1/analyze", Json(request))))["data"]!;
        await ScratchHosts.FinishedAsync(Operator, first["poll_url"]!.GetValue<string>());

        var again = await Operator.PostAsync("/api/v1/analyze", Json(request));

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var reused = (await ReadJsonAsync(again))["data"]!;
        Assert.That(reused["job_id"]!.GetValue<string>(), Is.EqualTo(first["job_id"]!.GetValue<string>()));
        Assert.That(reused["result"]!["clusters"]!.AsArray(), Has.Count.EqualTo(2));

        var key = (await ReadJsonAsync(await Operator.PostAsync($"/api/v1/apps/{appId}/keys", Json(new { name = "more" }))))["key"]!.GetValue<string>();
        await IngestAtAsync(appId, key, Now.AddMinutes(-1), "ERROR", PoolExhausted, "1.4.2");
        App.Clock.Pin(Now);
        var changed = await Operator.PostAsync("/api/v1/analyze", Json(request));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await ReadJsonAsync(changed))["data"]!["job_id"]!.GetValue<string>(), Is.Not.EqualTo(first["job_id"]!.GetValue<string>()));
        Assert.That(await DatabaseReset.CountAsync("jobs"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_summary_tells_what_happened_against_the_window_before()
    {
        await ReleaseGoneWrongAsync();

        var response = await Operator.PostAsync("/api/v1/summarize", Json(new { service = "payments-api", since = "30m" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var job = await ScratchHosts.FinishedAsync(Operator, (await ReadJsonAsync(response))["data"]!["poll_url"]!.GetValue<string>());
        var result = job["result"]!;
        Assert.Multiple(() =>
        {
            Assert.That(job["kind"]!.GetValue<string>(), Is.EqualTo("summary"));
            Assert.That(result["lines_analyzed"]!.GetValue<long>(), Is.EqualTo(51));
            Assert.That(result["summary"]!.GetValue<string>(), Does.Contain("51 event(s)").And.Contain("against 60 in the window before").And.Contain(PoolExhausted));
            Assert.That(result["time_range"]!["to"]!.GetValue<DateTime>(), Is.EqualTo(Now.UtcDateTime));
            Assert.That(result["provider"]!.GetValue<string>(), Is.EqualTo("builtin"));
        });
    }

    [Test]
    public async Task Analysing_one_cluster_explains_its_error_group_alone()
    {
        var appId = await ReleaseGoneWrongAsync();
        var groups = (await ReadJsonAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups?sort=count")))["items"]!.AsArray();
        var declined = groups.Single(group => group!["count"]!.GetValue<long>() == 10)!["id"]!.GetValue<long>();

        var response = await Operator.PostAsync("/api/v1/analyze", Json(new { service = "payments-api", since = "1h", cluster_id = declined }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var job = await ScratchHosts.FinishedAsync(Operator, (await ReadJsonAsync(response))["data"]!["poll_url"]!.GetValue<string>());
        var clusters = job["result"]!["clusters"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(clusters.Select(c => c!["cluster_id"]!.GetValue<long>()), Is.EqualTo(new[] { declined }), job.ToJsonString());
            Assert.That(clusters[0]!["sample_message"]!.GetValue<string>(), Is.EqualTo("card declined"));
        });

        var (otherApp, otherKey) = await CreateAppAsync("other");
        await IngestAtAsync(otherApp, otherKey, Now, "ERROR", "elsewhere", "1.0.0");
        var foreign = (await ReadJsonAsync(await Operator.GetAsync($"/api/v1/apps/{otherApp}/groups")))["items"]!.AsArray()[0]!["id"]!.GetValue<long>();
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/analyze", Json(new { service = "payments-api", cluster_id = foreign })),
            HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }

    [Test]
    public async Task Clusters_are_the_tenants_error_groups_and_one_carries_its_latest_analysis()
    {
        var appId = await ReleaseGoneWrongAsync();
        var (otherApp, otherKey) = await CreateAppAsync("other");
        await IngestAtAsync(otherApp, otherKey, Now, "ERROR", "elsewhere", "1.0.0");
        using var limited = await TenantAsync("limited", appId);

        var list = await ReadJsonAsync(await limited.GetAsync("/api/v1/clusters?since=1h&limit=1"));
        var everything = await ReadJsonAsync(await Operator.GetAsync("/api/v1/clusters?since=1h"));
        var errors = await ReadJsonAsync(await Operator.GetAsync("/api/v1/clusters?service=payments-api&namespace=production&level=error&since=1h"));
        Assert.Multiple(() =>
        {
            // Events without a kind are errors, so the INFO lines make groups too: deployments, requests, and the two failures.
            Assert.That(list["meta"]!["total"]!.GetValue<long>(), Is.EqualTo(4), list.ToJsonString());
            Assert.That(list["meta"]!["has_next"]!.GetValue<bool>(), Is.True);
            Assert.That(list["data"]!.AsArray().Single()!["service"]!.GetValue<string>(), Is.EqualTo("payments-api"));
            Assert.That(everything["meta"]!["total"]!.GetValue<long>(), Is.EqualTo(5), "the admin token sees every app's groups");
            Assert.That(errors["data"]!.AsArray().Select(c => c!["count"]!.GetValue<long>()), Is.EquivalentTo(new long[] { 50, 10 }));
            Assert.That(errors["data"]!.AsArray().All(c => c!["namespace"]!.GetValue<string>() == "production"));
        });

        var pool = errors["data"]!.AsArray().Single(c => c!["count"]!.GetValue<long>() == 50)!["cluster_id"]!.GetValue<long>();
        Assert.That((await ReadJsonAsync(await Operator.GetAsync($"/api/v1/clusters/{pool}")))["data"]!["analysis"], Is.Null, "no analysis yet");
        var accepted = await ReadJsonAsync(await Operator.PostAsync("/api/v1/analyze", Json(new { service = "payments-api", since = "1h", cluster_id = pool })));
        await ScratchHosts.FinishedAsync(Operator, accepted["data"]!["poll_url"]!.GetValue<string>());

        var detail = (await ReadJsonAsync(await limited.GetAsync($"/api/v1/clusters/{pool}")))["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(detail["sample_message"]!.GetValue<string>(), Is.EqualTo(PoolExhausted));
            Assert.That(detail["status"]!.GetValue<string>(), Is.EqualTo("unresolved"));
            Assert.That(detail["analysis"]!["root_cause"]!.GetValue<string>(), Does.Contain("release 1.4.2"));
        });
        var foreign = everything["data"]!.AsArray().Single(c => c!["service"]!.GetValue<string>() == "other")!["cluster_id"]!.GetValue<long>();
        await AssertErrorAsync(await limited.GetAsync($"/api/v1/clusters/{foreign}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await limited.GetAsync("/api/v1/clusters?service=other"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/clusters/not-a-cluster"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/clusters?level=LOUD"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task Another_tenants_job_is_404_like_an_unknown_one()
    {
        await ReleaseGoneWrongAsync();
        var (otherApp, _) = await CreateAppAsync("other");
        using var other = await TenantAsync("other", otherApp);
        var pollUrl = (await ReadJsonAsync(await Operator.PostAsync("/api/v1/analyze", Json(new { service = "payments-api" }))))["data"]!["poll_url"]!.GetValue<string>();

        await AssertErrorAsync(await other.GetAsync(pollUrl), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await other.PostAsync("/api/v1/analyze", Json(new { service = "payments-api" })), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/analyze/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/analyze/not-a-job"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        Assert.That((await Operator.GetAsync(pollUrl)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("""{"since": "1h"}""", "VALIDATION_ERROR")]
    [TestCase("""{"service": "payments-api", "since": "soon"}""", "VALIDATION_ERROR")]
    [TestCase("""{"service": "payments-api", "levels": ["LOUD"]}""", "VALIDATION_ERROR")]
    [TestCase("""{"service": "payments-api", "start": "2026-02-10T10:00:00Z", "end": "2026-02-10T10:00:00Z"}""", "INVALID_TIME_RANGE")]
    public async Task Bad_analysis_requests_are_refused_and_queue_nothing(string json, string code)
    {
        await CreateAppAsync("payments-api");
        var response = await Operator.PostAsync("/api/v1/analyze", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, code);
        Assert.That(await DatabaseReset.CountAsync("jobs"), Is.EqualTo(0));
    }
}
