using System.Net;
using System.Net.Http.Headers;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Access;

public sealed class OperatorKeyTests : ApiTest
{
    private async Task<HttpClient> ClientWithKeyAsync(string name, string[] scopes, long[]? apps = null)
    {
        var response = await Operator.PostAsync("/api/v1/admin/keys", Json(new { name, scopes, apps }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await ReadJsonAsync(response))["key"]!.GetValue<string>());
        return client;
    }

    [Test]
    public async Task Creating_an_operator_key_shows_it_once_with_its_scopes_and_apps()
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.PostAsync("/api/v1/admin/keys", Json(new { name = "dashboards", scopes = new[] { "read" }, apps = new[] { appId } }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadJsonAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["key"]!.GetValue<string>(), Does.StartWith(body["prefix"]!.GetValue<string>()));
            Assert.That(body["scopes"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "read" }));
            Assert.That(body["apps"]!.AsArray().Select(a => a!.GetValue<long>()), Is.EqualTo(new[] { appId }));
        });
        var listed = await (await Operator.GetAsync("/api/v1/admin/keys")).Content.ReadAsStringAsync();
        Assert.That(listed, Does.Not.Contain(body["key"]!.GetValue<string>()).And.Contain("dashboards"));
    }

    [Test]
    public async Task A_duplicate_name_is_a_conflict()
    {
        await ClientWithKeyAsync("ops", ["admin"]);
        var response = await Operator.PostAsync("/api/v1/admin/keys", Json(new { name = "OPS", scopes = new[] { "read" } }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [TestCase("{\"name\": \"x\", \"scopes\": []}")]
    [TestCase("{\"name\": \"x\", \"scopes\": [\"root\"]}")]
    [TestCase("{\"name\": \"x\"}")]
    [TestCase("{\"scopes\": [\"read\"]}")]
    [TestCase("{\"name\": \"x\", \"scopes\": [\"read\"], \"apps\": [424242]}")]
    [TestCase("{\"name\": \"x\", \"scopes\": \"read\"}")]
    public async Task Bad_operator_key_requests_are_refused(string json)
    {
        var response = await Operator.PostAsync("/api/v1/admin/keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("operator_keys"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_read_key_can_query_but_not_change_anything()
    {
        var (appId, _) = await CreateAppAsync();
        using var reader = await ClientWithKeyAsync("reader", ["read"]);

        Assert.That((await reader.GetAsync($"/apps/{appId}/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await reader.GetAsync($"/apps/{appId}/stats/by-level")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await reader.GetAsync("/apps/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(await reader.PostAsync("/apps/new-app", null), HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");
        await AssertErrorAsync(await reader.GetAsync($"/api/v1/apps/{appId}/keys"), HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");
        await AssertErrorAsync(await reader.GetAsync("/api/v1/admin/keys"), HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");
        Assert.That(await DatabaseReset.CountAsync("apps"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_admin_key_can_do_everything_including_keys()
    {
        using var admin = await ClientWithKeyAsync("admin", ["admin"]);

        Assert.That((await admin.PostAsync("/apps/made-by-key", null)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await admin.GetAsync("/apps/1/stats/top-messages")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsync("/api/v1/admin/keys", Json(new { name = "child", scopes = new[] { "read" } }))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_key_limited_to_some_apps_gets_404_for_the_others_and_sees_only_its_own()
    {
        var (mine, _) = await CreateAppAsync("mine");
        var (theirs, _) = await CreateAppAsync("theirs");
        using var limited = await ClientWithKeyAsync("limited", ["read"], [mine]);

        Assert.That((await limited.GetAsync($"/apps/{mine}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertErrorAsync(await limited.GetAsync($"/apps/{theirs}"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        await AssertErrorAsync(await limited.GetAsync($"/apps/{theirs}/events"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        await AssertErrorAsync(await limited.GetAsync($"/apps/{theirs}/stats/timeseries"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        var visible = (await ReadJsonAsync(await limited.GetAsync("/apps/"))).AsArray().Select(a => a!["id"]!.GetValue<long>());
        Assert.That(visible, Is.EqualTo(new[] { mine }));
    }

    [Test]
    public async Task An_admin_key_limited_to_some_apps_cannot_manage_operator_keys()
    {
        var (mine, _) = await CreateAppAsync("mine");
        using var limitedAdmin = await ClientWithKeyAsync("limited-admin", ["admin"], [mine]);

        await AssertErrorAsync(await limitedAdmin.GetAsync("/api/v1/admin/keys"), HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");
        Assert.That((await limitedAdmin.GetAsync($"/api/v1/apps/{mine}/keys")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_revoked_operator_key_is_refused_and_unknown_keys_are_not_found()
    {
        using var reader = await ClientWithKeyAsync("soon-gone", ["read"]);
        Assert.That((await reader.GetAsync("/apps/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var keyId = (await GetJsonAsync("/api/v1/admin/keys")).AsArray().Single()!["id"]!.GetValue<long>();

        Assert.That((await Operator.DeleteAsync($"/api/v1/admin/keys/{keyId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await AssertErrorAsync(await reader.GetAsync("/apps/"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AssertErrorAsync(await Operator.DeleteAsync("/api/v1/admin/keys/9999"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }
}
