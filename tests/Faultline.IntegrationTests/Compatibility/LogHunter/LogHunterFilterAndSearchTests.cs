using System.Net;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

public sealed class LogHunterFilterAndSearchTests : LogHunterTest
{
    private static object Filter(string name, string service = "checkout") =>
        new { name, filter = new { service, @namespace = "production", levels = new[] { "error", "FATAL" }, keyword = "timeout", since = "2h" } };

    [Test]
    public async Task A_saved_filter_comes_back_in_the_list_with_its_levels_named_canonically()
    {
        var created = await Operator.PostAsync("/api/v1/filters", Json(Filter("prod timeouts")));

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var data = (await ReadJsonAsync(created))["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(data["name"]!.GetValue<string>(), Is.EqualTo("prod timeouts"));
            Assert.That(data["filter"]!["levels"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "ERROR", "CRITICAL" }));
            Assert.That(data["filter"]!["since"]!.GetValue<string>(), Is.EqualTo("2h"));
        });
        var list = await GetJsonAsync("/api/v1/filters");
        Assert.That(list["data"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()), Is.EqualTo(new[] { data["id"]!.GetValue<long>() }));
        Assert.That(list["meta"]!.ToJsonString(), Is.EqualTo("""{"page":1,"limit":20,"total":1,"has_next":false}"""));
    }

    [Test]
    public async Task Filter_names_are_unique_per_tenant_but_not_across_tenants()
    {
        using var other = await TenantAsync("other");
        Assert.That((await Operator.PostAsync("/api/v1/filters", Json(Filter("mine")))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await AssertErrorAsync(await Operator.PostAsync("/api/v1/filters", Json(Filter("MINE"))), HttpStatusCode.Conflict, "FILTER_NAME_TAKEN");
        Assert.That((await other.PostAsync("/api/v1/filters", Json(Filter("mine")))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await DatabaseReset.CountAsync("saved_filters"), Is.EqualTo(2));
    }

    [Test]
    public async Task Another_tenants_filter_is_neither_listed_nor_deletable()
    {
        using var other = await TenantAsync("other");
        var id = (await ReadJsonAsync(await Operator.PostAsync("/api/v1/filters", Json(Filter("mine")))))["data"]!["id"]!.GetValue<long>();

        var theirs = await ReadJsonAsync(await other.GetAsync("/api/v1/filters"));
        Assert.That(theirs["data"]!.AsArray(), Is.Empty);
        await AssertErrorAsync(await other.DeleteAsync($"/api/v1/filters/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        Assert.That((await Operator.DeleteAsync($"/api/v1/filters/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(await Operator.DeleteAsync($"/api/v1/filters/{id}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.DeleteAsync("/api/v1/filters/not-a-number"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }

    [Test]
    public async Task Filters_page_with_meta()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.That((await Operator.PostAsync("/api/v1/filters", Json(Filter(name)))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var page = await GetJsonAsync("/api/v1/filters?page=2&limit=2");
        Assert.That(page["data"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "c", "d" }));
        Assert.That(page["meta"]!.ToJsonString(), Is.EqualTo("""{"page":2,"limit":2,"total":5,"has_next":true}"""));
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/filters?limit=101"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/filters?page=0"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [TestCase("""{"filter": {"service": "checkout"}}""")]
    [TestCase("""{"name": "x"}""")]
    [TestCase("""{"name": "x", "filter": {}}""")]
    [TestCase("""{"name": "x", "filter": {"service": "checkout", "levels": ["LOUD"]}}""")]
    [TestCase("""{"name": "x", "filter": {"service": "checkout", "since": "yesterday"}}""")]
    [TestCase("""{"name": "", "filter": {"service": "checkout"}}""")]
    [TestCase("""{"name": "x", "filter": "checkout"}""")]
    public async Task Bad_filters_are_refused_and_nothing_is_saved(string json)
    {
        var response = await Operator.PostAsync("/api/v1/filters", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("saved_filters"), Is.EqualTo(0));
    }

    [Test]
    public async Task Search_finds_lines_by_level_namespace_and_keyword_with_clusters_by_fingerprint()
    {
        var (appId, key) = await CreateAppAsync("checkout");
        var expected = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            var level = i % 3 == 0 ? "INFO" : "ERROR";
            var environment = i % 2 == 0 ? "production" : null;
            var message = i % 4 == 0 ? $"Payment TIMEOUT after {i} ms" : $"card declined {i}";
            var id = await IngestOkAsync(appId, key, new { occurred_at = "2026-02-10T10:00:00Z", level, message, environment, release = "1.0." + i, tags = new { region = "eu" } });
            if (level == "ERROR" && environment is null && message.Contains("timeout", StringComparison.OrdinalIgnoreCase))
            {
                expected.Add(id);
            }
        }

        var response = await Operator.PostAsync("/api/v1/search", Json(new { service = "CHECKOUT", @namespace = "default", levels = new[] { "error" }, keyword = "timeout", since = "1h" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var data = (await ReadJsonAsync(response))["data"]!;
        var results = data["results"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r!["id"]!.GetValue<long>()), Is.EquivalentTo(expected));
            Assert.That(data["total"]!.GetValue<long>(), Is.EqualTo(expected.Count));
            Assert.That(results.All(r => r!["labels"]!["namespace"]!.GetValue<string>() == "default" && r["labels"]!["region"]!.GetValue<string>() == "eu"));
            Assert.That(data["clusters"]!.AsArray().Sum(c => c!["count"]!.GetValue<long>()), Is.EqualTo(expected.Count));
        });
        foreach (var result in results)
        {
            var stored = await ReadJsonAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/events/{result!["id"]!.GetValue<long>()}"));
            Assert.That(result["cluster_id"]!.GetValue<long>(), Is.EqualTo(stored["group_id"]!.GetValue<long>()), "an error's cluster is its error group");
        }

        Assert.That(data["clusters"]!.AsArray().Select(c => c!["cluster_id"]!.GetValue<long>()),
            Is.EquivalentTo(results.Select(r => r!["cluster_id"]!.GetValue<long>()).Distinct()));
    }

    [Test]
    public async Task Search_of_another_tenants_service_is_404_and_bad_windows_are_refused()
    {
        var (appId, _) = await CreateAppAsync("checkout");
        var (otherApp, _) = await CreateAppAsync("billing");
        using var limited = await TenantAsync("limited", otherApp);

        await AssertErrorAsync(await limited.PostAsync("/api/v1/search", Json(new { service = "checkout" })), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/search", Json(new { service = "nothing" })), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/search", Json(new { service = "checkout", start = "2026-02-10T10:00:00Z", end = "2026-02-10T09:00:00Z" })),
            HttpStatusCode.BadRequest, "INVALID_TIME_RANGE");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/search", Json(new { service = "checkout", since = "40d" })), HttpStatusCode.BadRequest, "INVALID_TIME_RANGE");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/search", Json(new { service = "checkout", since = "1h", start = "2026-02-10T10:00:00Z" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/search", Json(new { service = "checkout", limit = 1001 })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/search", Json(new { service = "checkout", keyword = new string('k', 201) })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(appId, Is.Not.EqualTo(otherApp));
    }

    [Test]
    public async Task Health_needs_no_credentials_and_reports_its_checks()
    {
        var response = await Anonymous.GetAsync("/api/v1/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await ReadJsonAsync(response);
        Assert.That(body.ToJsonString(), Is.EqualTo("""{"data":{"status":"ok","checks":{"database":"up","ai_provider":"builtin"}}}"""));
    }

    [Test]
    public async Task Routes_need_an_operator_credential()
    {
        await AssertErrorAsync(await Anonymous.GetAsync("/api/v1/filters"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AssertErrorAsync(await Anonymous.PostAsync("/api/v1/search", Json(new { service = "x" })), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
