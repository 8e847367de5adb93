using System.Net;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Access;

public sealed class IngestKeyTests : ApiTest
{
    private async Task<(long Id, string Key)> CreateKeyAsync(long appId, string name, object? extra = null)
    {
        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", Json(extra ?? new { name }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return (body["id"]!.GetValue<long>(), body["key"]!.GetValue<string>());
    }

    [Test]
    public async Task A_new_key_is_shown_once_and_works_beside_the_first()
    {
        var (appId, firstKey) = await CreateAppAsync();

        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", Json(new { name = "ci", expires_at = "2099-01-01T00:00:00Z" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await ReadJsonAsync(response);
        var key = body["key"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("ci"));
            Assert.That(key, Does.StartWith("fl_ingest_"));
            Assert.That(key, Does.StartWith(body["prefix"]!.GetValue<string>()));
            Assert.That(body["expires_at"]!.GetValue<string>(), Is.EqualTo("2099-01-01T00:00:00Z"));
        });
        await IngestOkAsync(appId, key, EventBody());
        await IngestOkAsync(appId, firstKey, EventBody());
    }

    [Test]
    public async Task Listing_keys_never_shows_a_key_or_its_hash_and_records_last_use()
    {
        var (appId, firstKey) = await CreateAppAsync();
        var (_, second) = await CreateKeyAsync(appId, "second");
        await IngestOkAsync(appId, firstKey, EventBody());

        var text = await (await Operator.GetAsync($"/api/v1/apps/{appId}/keys")).Content.ReadAsStringAsync();
        var keys = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsArray();

        Assert.That(keys, Has.Count.EqualTo(2));
        Assert.That(text, Does.Not.Contain(firstKey).And.Not.Contain(second).And.Not.Contain("hash"));
        Assert.That(keys[0]!.AsObject().Select(p => p.Key),
            Is.EquivalentTo(new[] { "id", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at", "rate_limit_per_minute" }));
        Assert.That(keys[0]!["last_used_at"], Is.Not.Null);
        Assert.That(keys[1]!["last_used_at"], Is.Null);
    }

    [Test]
    public async Task A_revoked_key_stops_working_at_once_even_after_recent_use()
    {
        var (appId, _) = await CreateAppAsync();
        var (keyId, key) = await CreateKeyAsync(appId, "temp");
        await IngestOkAsync(appId, key, EventBody());

        var revoke = await Operator.DeleteAsync($"/api/v1/apps/{appId}/keys/{keyId}");

        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertErrorAsync(await IngestAsync(appId, key, EventBody()), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        var listed = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray().Single(k => k!["id"]!.GetValue<long>() == keyId)!;
        Assert.That(listed["revoked_at"], Is.Not.Null);
    }

    [Test]
    public async Task Revoking_an_unknown_key_or_another_apps_key_is_not_found()
    {
        var (appId, _) = await CreateAppAsync("one");
        var (otherApp, _) = await CreateAppAsync("two");
        var (otherKeyId, otherKey) = await CreateKeyAsync(otherApp, "theirs");

        await AssertErrorAsync(await Operator.DeleteAsync($"/api/v1/apps/{appId}/keys/999"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.DeleteAsync($"/api/v1/apps/{appId}/keys/{otherKeyId}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await IngestOkAsync(otherApp, otherKey, EventBody());
    }

    [Test]
    public async Task Rotation_without_grace_replaces_the_key_at_once()
    {
        var (appId, _) = await CreateAppAsync();
        var (keyId, oldKey) = await CreateKeyAsync(appId, "deploy");

        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys/{keyId}/rotate", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("deploy"));
        await IngestOkAsync(appId, body["key"]!.GetValue<string>(), EventBody());
        await AssertErrorAsync(await IngestAsync(appId, oldKey, EventBody()), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [Test]
    public async Task Rotation_with_grace_keeps_the_old_key_working_until_the_grace_ends()
    {
        var (appId, _) = await CreateAppAsync();
        var (keyId, oldKey) = await CreateKeyAsync(appId, "deploy");

        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys/{keyId}/rotate", Json(new { grace_seconds = 2 }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var newKey = (await ReadJsonAsync(response))["key"]!.GetValue<string>();
        await IngestOkAsync(appId, oldKey, EventBody());
        await IngestOkAsync(appId, newKey, EventBody());
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await AssertErrorAsync(await IngestAsync(appId, oldKey, EventBody()), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
        await IngestOkAsync(appId, newKey, EventBody());
    }

    [Test]
    public async Task An_expired_key_does_not_work()
    {
        var (appId, _) = await CreateAppAsync();
        var (_, key) = await CreateKeyAsync(appId, "short", new { name = "short", expires_at = DateTimeOffset.UtcNow.AddSeconds(2).ToString("O") });
        await IngestOkAsync(appId, key, EventBody());

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        await AssertErrorAsync(await IngestAsync(appId, key, EventBody()), HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [TestCase("{}")]
    [TestCase("{\"name\": \"\"}")]
    [TestCase("{\"name\": 5}")]
    [TestCase("{\"name\": \"x\", \"expires_at\": \"2001-01-01T00:00:00Z\"}")]
    [TestCase("{\"name\": \"x\", \"expires_at\": \"soon\"}")]
    public async Task Bad_key_requests_are_refused(string json)
    {
        var (appId, _) = await CreateAppAsync();
        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("ingest_keys"), Is.EqualTo(1));
    }

    [Test]
    public async Task Keys_of_an_unknown_app_are_not_found_and_need_operator_credentials()
    {
        await AssertErrorAsync(await Operator.GetAsync("/api/v1/apps/777/keys"), HttpStatusCode.NotFound, "APP_NOT_FOUND");
        await AssertErrorAsync(await Anonymous.GetAsync("/api/v1/apps/1/keys"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task A_key_created_with_a_rate_limit_shows_it_when_listed_and_a_patch_changes_it()
    {
        var (appId, _) = await CreateAppAsync();

        var created = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", Json(new { name = "browser", rate_limit_per_minute = 600 }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var keyId = (await ReadJsonAsync(created))["id"]!.GetValue<long>();
        Assert.That((await ReadJsonAsync(created))["rate_limit_per_minute"]!.GetValue<int>(), Is.EqualTo(600));

        var patched = await Operator.PatchAsync($"/api/v1/apps/{appId}/keys/{keyId}", Json(new { rate_limit_per_minute = 60 }));
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var keys = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray();
        Assert.That(keys[0]!["rate_limit_per_minute"], Is.Null, "the app's first key has no limit of its own");
        Assert.That(keys[1]!["rate_limit_per_minute"]!.GetValue<int>(), Is.EqualTo(60));
    }

    [Test]
    public async Task A_rotated_key_keeps_its_rate_limit()
    {
        var (appId, _) = await CreateAppAsync();
        var (keyId, _) = await CreateKeyAsync(appId, "limited", new { name = "limited", rate_limit_per_minute = 100 });

        var rotated = await Operator.PostAsync($"/api/v1/apps/{appId}/keys/{keyId}/rotate", null);

        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadJsonAsync(rotated))["rate_limit_per_minute"]!.GetValue<int>(), Is.EqualTo(100));
    }

    [TestCase("{\"rate_limit_per_minute\": 0}")]
    [TestCase("{\"rate_limit_per_minute\": -5}")]
    [TestCase("{\"rate_limit_per_minute\": 100000001}")]
    [TestCase("{\"rate_limit_per_minute\": 99999999999}")]
    [TestCase("{\"rate_limit_per_minute\": 1.5}")]
    [TestCase("{\"rate_limit_per_minute\": \"ten\"}")]
    [TestCase("{}")]
    public async Task Bad_rate_limits_are_refused_with_a_validation_error(string json)
    {
        var (appId, _) = await CreateAppAsync();
        var keyId = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray()[0]!["id"]!.GetValue<long>();

        var response = await Operator.PatchAsync($"/api/v1/apps/{appId}/keys/{keyId}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(body.ToJsonString(), Does.Contain("rate_limit_per_minute"));
        Assert.That((await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray()[0]!["rate_limit_per_minute"], Is.Null);
    }

    [Test]
    public async Task A_bad_rate_limit_on_a_new_key_creates_nothing()
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", Json(new { name = "x", rate_limit_per_minute = 0 }));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.That(await DatabaseReset.CountAsync("ingest_keys"), Is.EqualTo(1));
    }

    [Test]
    public async Task Changing_the_limit_of_a_key_the_app_does_not_have_is_not_found()
    {
        var (appId, _) = await CreateAppAsync();

        var response = await Operator.PatchAsync($"/api/v1/apps/{appId}/keys/9999", Json(new { rate_limit_per_minute = 5 }));

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }
}
