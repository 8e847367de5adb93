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
            Is.EquivalentTo(new[] { "id", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at" }));
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
}
