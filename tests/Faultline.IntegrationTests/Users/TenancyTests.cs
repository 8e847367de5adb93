using System.Net;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Users;

/// <summary>A signed-in user sees and manages only the apps they own; another user's app does not exist for them.</summary>
public sealed class TenancyTests : AccountTest
{
    [Test]
    public async Task A_users_app_is_theirs_and_a_404_for_another_user_on_every_canonical_route()
    {
        var ada = await SignedInAsync("ada@example.com");
        var bob = await SignedInAsync("bob@example.com");
        var (adaApp, adaKey) = await CreateOwnAppAsync(ada, "shop");
        var (bobApp, _) = await CreateOwnAppAsync(bob, "shop");
        await IngestOkAsync(adaApp, adaKey, EventBody());

        var keyId = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/apps/{adaApp}/keys")))[0]!["id"]!.GetValue<long>();
        var routes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/apps/{adaApp}", null),
            (HttpMethod.Get, $"/apps/{adaApp}", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaApp}/events", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaApp}/stats/timeseries", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaApp}/stats/by-level", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaApp}/stats/top-messages", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaApp}/keys", null),
            (HttpMethod.Post, $"/api/v1/apps/{adaApp}/keys", new { name = "mine now" }),
            (HttpMethod.Patch, $"/api/v1/apps/{adaApp}/keys/{keyId}", new { rate_limit_per_minute = 1 }),
            (HttpMethod.Post, $"/api/v1/apps/{adaApp}/keys/{keyId}/rotate", new { }),
            (HttpMethod.Delete, $"/api/v1/apps/{adaApp}/keys/{keyId}", null),
            (HttpMethod.Put, $"/api/v1/apps/{adaApp}/retention", new { retention_days = 1 }),
        };
        foreach (var (method, path, body) in routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
            var response = await bob.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.That((await ada.GetAsync($"/api/v1/apps/{adaApp}/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await IdsAsync(ada, "/api/v1/apps"), Is.EqualTo(new[] { adaApp }));
        Assert.That(await IdsAsync(bob, "/api/v1/apps"), Is.EqualTo(new[] { bobApp }));
        Assert.That(await IdsAsync(Operator, "/api/v1/apps"), Is.EqualTo(new[] { adaApp, bobApp }));
    }

    [Test]
    public async Task App_names_are_unique_per_owner_and_operator_apps_keep_their_own_rule()
    {
        var ada = await SignedInAsync("ada@example.com");
        await CreateOwnAppAsync(ada, "shop");
        await AssertErrorAsync(await ada.PostAsync("/api/v1/apps/SHOP", null), HttpStatusCode.Conflict, "APP_NAME_TAKEN");
        await CreateAppAsync("shop");
        await AssertErrorAsync(await Operator.PostAsync("/api/v1/apps/Shop", null), HttpStatusCode.Conflict, "APP_NAME_TAKEN");
    }

    [Test]
    public async Task An_admin_user_sees_every_app_and_manages_users_while_a_user_may_not()
    {
        var ada = await SignedInAsync("ada@example.com");
        var bob = await SignedInAsync("bob@example.com");
        var (adaApp, _) = await CreateOwnAppAsync(ada, "shop");
        var (operatorApp, _) = await CreateAppAsync("ops");
        await AssertErrorAsync(await bob.GetAsync("/api/v1/admin/users"), HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");
        await AssertErrorAsync(await bob.GetAsync("/api/v1/admin/keys"), HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");

        var bobId = await UserIdAsync(bob);
        var promoted = await Operator.PatchAsync($"/api/v1/admin/users/{bobId}", Json(new { role = "admin" }));
        Assert.That((await ReadJsonAsync(promoted))["role"]!.GetValue<string>(), Is.EqualTo("ADMIN"));

        Assert.That(await IdsAsync(bob, "/api/v1/apps"), Is.EqualTo(new[] { adaApp, operatorApp }));
        Assert.That((await bob.GetAsync($"/api/v1/apps/{adaApp}/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var users = await ReadJsonAsync(await bob.GetAsync("/api/v1/admin/users"));
        Assert.That(users.AsArray().Select(user => user!["email"]!.GetValue<string>()), Is.EqualTo(new[] { "ada@example.com", "bob@example.com" }));
    }

    [Test]
    public async Task Changing_a_user_checks_its_input()
    {
        var ada = await SignedInAsync("ada@example.com");
        var adaId = await UserIdAsync(ada);
        await AssertErrorAsync(await Operator.PatchAsync($"/api/v1/admin/users/{adaId}", Json(new { role = "OWNER" })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await Operator.PatchAsync($"/api/v1/admin/users/{adaId}", Json(new { })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertErrorAsync(await Operator.PatchAsync("/api/v1/admin/users/999", Json(new { role = "ADMIN" })), HttpStatusCode.NotFound, "USER_NOT_FOUND");
    }

    private static async Task<long[]> IdsAsync(HttpClient client, string path) =>
        (await ReadJsonAsync(await client.GetAsync(path))).AsArray().Select(app => app!["id"]!.GetValue<long>()).ToArray();
}
