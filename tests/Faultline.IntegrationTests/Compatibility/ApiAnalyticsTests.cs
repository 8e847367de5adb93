using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Faultline.IntegrationTests.Support;
using Faultline.IntegrationTests.Users;
using Npgsql;

namespace Faultline.IntegrationTests.Compatibility;

/// <summary>The API Analytics API's projects, keys and tracking call, as its clients make them.</summary>
public sealed class ApiAnalyticsTests : AccountTest
{
    private async Task<JsonNode> CreateProjectAsync(HttpClient user, string name, string path = "/api/v1/projects/")
    {
        var response = await user.PostAsync(path, Json(new { name, description = "the shop" }));
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        return body;
    }

    private async Task<string> CreateKeyAsync(HttpClient user, string projectKey, string name = "production")
    {
        var response = await user.PostAsync($"/api/v1/projects/{projectKey}/api-keys/", Json(new { name }));
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        return body["key"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> TrackAsync(string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/track") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-API-Key", key);
        return await Anonymous.SendAsync(request);
    }

    private static object Call(string path = "/users/", string method = "GET", int status = 200, double time = 12.5, string? ip = "203.0.113.9") =>
        new { url_path = path, method, response_status_code = status, response_time_ms = time, user_agent = "curl/8", ip };

    [Test]
    public async Task A_project_has_a_stable_project_key_and_its_names_are_unique_per_user()
    {
        var ada = await SignedInAsync("ada@example.com");
        var bob = await SignedInAsync("bob@example.com");
        var project = await CreateProjectAsync(ada, "My Shop");
        var projectKey = project["project_key"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(projectKey, Does.Match("^my-shop-[0-9a-f]{8}$"));
            Assert.That(project["name"]!.GetValue<string>(), Is.EqualTo("My Shop"));
            Assert.That(project["description"]!.GetValue<string>(), Is.EqualTo("the shop"));
            Assert.That(project["is_active"]!.GetValue<bool>(), Is.True);
            Assert.That(project["user_id"], Is.Not.Null);
            Assert.That(project["updated_at"], Is.Not.Null);
        });

        var again = await ada.PostAsync("/api/v1/projects", Json(new { name = "my shop" }));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await again.Content.ReadAsStringAsync());
        await CreateProjectAsync(bob, "My Shop", "/api/v1/projects");

        var renamed = await ReadJsonAsync(await ada.PatchAsync($"/api/v1/projects/{projectKey}/", Json(new { name = "Renamed Shop" })));
        Assert.Multiple(() =>
        {
            Assert.That(renamed["name"]!.GetValue<string>(), Is.EqualTo("Renamed Shop"));
            Assert.That(renamed["project_key"]!.GetValue<string>(), Is.EqualTo(projectKey));
            Assert.That(renamed["description"]!.GetValue<string>(), Is.EqualTo("the shop"));
        });
        var list = await ReadJsonAsync(await ada.GetAsync("/api/v1/projects"));
        Assert.That(list.AsArray().Select(item => item!["project_key"]!.GetValue<string>()), Is.EqualTo(new[] { projectKey }));
    }

    [TestCase("")]
    [TestCase("shop.com")]
    [TestCase("a/b")]
    public async Task A_project_name_outside_the_rule_is_422_with_the_field(string name)
    {
        var ada = await SignedInAsync("ada@example.com");
        var response = await ada.PostAsync("/api/v1/projects/", Json(new { name }));
        var body = await ReadJsonAsync(response);
        Assert.That((int)response.StatusCode, Is.EqualTo(422), body.ToJsonString());
        Assert.That(body["details"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("name"));
    }

    [Test]
    public async Task Tracking_stores_a_request_event_with_only_a_keyed_hash_of_the_ip()
    {
        var ada = await SignedInAsync("ada@example.com");
        var projectKey = (await CreateProjectAsync(ada, "shop"))["project_key"]!.GetValue<string>();
        var key = await CreateKeyAsync(ada, projectKey);

        var response = await TrackAsync(key, Call());
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(body["url_path"]!.GetValue<string>(), Is.EqualTo("/users"));
            Assert.That(body["method"]!.GetValue<string>(), Is.EqualTo("GET"));
            Assert.That(body["response_status_code"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(body["response_time_ms"]!.GetValue<double>(), Is.EqualTo(12.5));
            Assert.That(body["ip_hash"]!.GetValue<string>(), Does.Match("^[0-9a-f]{16}$"));
            Assert.That(body["timestamp"]!.GetValue<string>(), Does.EndWith("Z"));
        });

        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        var stored = await connection.QuerySingleAsync<(string Kind, string Path, string Method, int Status, double Duration, string Everything)>(
            "SELECT kind, http_path, http_method, status_code, duration_ms, e::text FROM events e WHERE id = @Id", new { Id = body["id"]!.GetValue<long>() });
        Assert.Multiple(() =>
        {
            Assert.That(stored.Kind, Is.EqualTo("request"));
            Assert.That((stored.Path, stored.Method, stored.Status, stored.Duration), Is.EqualTo(("/users", "GET", 200, 12.5)));
            Assert.That(stored.Everything, Does.Not.Contain("203.0.113.9"));
        });

        var second = await ReadJsonAsync(await TrackAsync(key, Call(ip: "203.0.113.9")));
        var other = await ReadJsonAsync(await TrackAsync(key, Call(ip: "203.0.113.10")));
        Assert.That(second["ip_hash"]!.GetValue<string>(), Is.EqualTo(body["ip_hash"]!.GetValue<string>()));
        Assert.That(other["ip_hash"]!.GetValue<string>(), Is.Not.EqualTo(body["ip_hash"]!.GetValue<string>()));
    }

    [Test]
    public async Task Bad_tracking_input_is_422_naming_the_field_and_stores_nothing()
    {
        var ada = await SignedInAsync("ada@example.com");
        var projectKey = (await CreateProjectAsync(ada, "shop"))["project_key"]!.GetValue<string>();
        var key = await CreateKeyAsync(ada, projectKey);
        var cases = new (object Body, string Field)[]
        {
            (Call(status: 299), "response_status_code"),
            (Call(status: 600), "response_status_code"),
            (Call(method: "get"), "method"),
            (Call(method: "FETCH"), "method"),
            (Call(path: "users"), "url_path"),
            (Call(time: 120_001), "response_time_ms"),
            (Call(time: -1), "response_time_ms"),
            (Call(ip: "999.1.1.1"), "ip"),
            (new { url_path = "/x", method = "GET", response_status_code = "ok", response_time_ms = 1 }, "response_status_code"),
            (new { method = "GET", response_status_code = 200, response_time_ms = 1 }, "url_path"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await TrackAsync(key, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(422), text);
            Assert.That(JsonNode.Parse(text)!["details"]!.AsArray().Select(detail => detail!["field"]!.GetValue<string>()), Has.Some.EqualTo(field), text);
        }

        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
        var unknown = await TrackAsync("fl_ingest_0000000000000000000000000000000000000000000000aa", Call());
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/track") { Content = JsonContent.Create(Call()) };
        Assert.That((await Anonymous.SendAsync(noKey)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Keys_are_listed_newest_first_with_true_usage_rotated_switched_off_and_the_last_one_kept()
    {
        var ada = await SignedInAsync("ada@example.com");
        var projectKey = (await CreateProjectAsync(ada, "shop"))["project_key"]!.GetValue<string>();
        var key = await CreateKeyAsync(ada, projectKey, "first");
        for (var i = 0; i < 7; i++)
        {
            Assert.That((await TrackAsync(key, Call())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var keys = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{projectKey}/api-keys"))).AsArray();
        var first = keys.Single(item => item!["name"]!.GetValue<string>() == "first")!;
        Assert.Multiple(() =>
        {
            Assert.That(keys[0]!["name"]!.GetValue<string>(), Is.EqualTo("first"), "newest first");
            Assert.That(first["total_requests"]!.GetValue<long>(), Is.EqualTo(7));
            Assert.That(first["last_used_at"], Is.Not.Null);
            Assert.That(first["is_active"]!.GetValue<bool>(), Is.True);
            Assert.That(first.ToJsonString(), Does.Not.Contain(key));
        });

        var firstId = first["id"]!.GetValue<long>();
        var rotated = await ada.PostAsync($"/api/v1/projects/{projectKey}/api-keys/{firstId}/rotate", null);
        var rotatedBody = await ReadJsonAsync(rotated);
        Assert.That(rotated.StatusCode, Is.EqualTo(HttpStatusCode.OK), rotatedBody.ToJsonString());
        Assert.That(rotatedBody["warning"]!.GetValue<string>(), Is.Not.Empty);
        var newKey = rotatedBody["key"]!.GetValue<string>();
        Assert.That((await TrackAsync(key, Call())).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await TrackAsync(newKey, Call())).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var newId = rotatedBody["id"]!.GetValue<long>();
        var patched = await ReadJsonAsync(await ada.PatchAsync($"/api/v1/projects/{projectKey}/api-keys/{newId}", Json(new { name = "renamed" })));
        Assert.That(patched["name"]!.GetValue<string>(), Is.EqualTo("renamed"));
        var active = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{projectKey}/api-keys/?active_only=true"))).AsArray();
        var defaultId = active.Single(item => item!["name"]!.GetValue<string>() == "default")!["id"]!.GetValue<long>();
        Assert.That(active.Select(item => item!["id"]!.GetValue<long>()), Is.EqualTo(new[] { newId, defaultId }));

        Assert.That((await ada.DeleteAsync($"/api/v1/projects/{projectKey}/api-keys/{defaultId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var last = await ada.DeleteAsync($"/api/v1/projects/{projectKey}/api-keys/{newId}");
        Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await last.Content.ReadAsStringAsync());
        var off = await ReadJsonAsync(await ada.PatchAsync($"/api/v1/projects/{projectKey}/api-keys/{newId}", Json(new { is_active = false })));
        Assert.That(off["is_active"]!.GetValue<bool>(), Is.False);
        Assert.That((await TrackAsync(newKey, Call())).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await ada.GetAsync($"/api/v1/projects/{projectKey}/api-keys/999")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_inactive_projects_keys_are_refused_until_it_is_switched_on()
    {
        var ada = await SignedInAsync("ada@example.com");
        var projectKey = (await CreateProjectAsync(ada, "shop"))["project_key"]!.GetValue<string>();
        var key = await CreateKeyAsync(ada, projectKey);
        Assert.That((await TrackAsync(key, Call())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ada.PatchAsync($"/api/v1/projects/{projectKey}", Json(new { is_active = false }));
        Assert.That((await TrackAsync(key, Call())).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await ada.PatchAsync($"/api/v1/projects/{projectKey}", Json(new { is_active = true }));
        Assert.That((await TrackAsync(key, Call())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Deleting_a_project_removes_it_with_its_keys_and_calls()
    {
        var ada = await SignedInAsync("ada@example.com");
        var projectKey = (await CreateProjectAsync(ada, "shop"))["project_key"]!.GetValue<string>();
        var key = await CreateKeyAsync(ada, projectKey);
        await TrackAsync(key, Call());
        Assert.That((await ada.DeleteAsync($"/api/v1/projects/{projectKey}/")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ada.GetAsync($"/api/v1/projects/{projectKey}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await TrackAsync(key, Call())).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.Zero);
        Assert.That(await DatabaseReset.CountAsync("request_stats_minute"), Is.Zero);
    }

    [Test]
    public async Task Another_users_project_keys_and_metrics_are_404_by_every_route()
    {
        var ada = await SignedInAsync("ada@example.com");
        var bob = await SignedInAsync("bob@example.com");
        var adaProject = await CreateProjectAsync(ada, "shop");
        var adaKey = adaProject["project_key"]!.GetValue<string>();
        var adaAppId = adaProject["id"]!.GetValue<long>();
        await TrackAsync(await CreateKeyAsync(ada, adaKey), Call());
        var adaKeyId = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{adaKey}/api-keys")))[0]!["id"]!.GetValue<long>();
        var bobKey = (await CreateProjectAsync(bob, "shop"))["project_key"]!.GetValue<string>();

        var routes = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}", null),
            (HttpMethod.Patch, $"/api/v1/projects/{adaKey}", new { name = "mine" }),
            (HttpMethod.Delete, $"/api/v1/projects/{adaKey}", null),
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}/api-keys", null),
            (HttpMethod.Post, $"/api/v1/projects/{adaKey}/api-keys", new { name = "mine" }),
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}/api-keys/{adaKeyId}", null),
            (HttpMethod.Patch, $"/api/v1/projects/{adaKey}/api-keys/{adaKeyId}", new { is_active = false }),
            (HttpMethod.Delete, $"/api/v1/projects/{adaKey}/api-keys/{adaKeyId}", null),
            (HttpMethod.Post, $"/api/v1/projects/{adaKey}/api-keys/{adaKeyId}/rotate", null),
            // Ada's key id under Bob's own project.
            (HttpMethod.Get, $"/api/v1/projects/{bobKey}/api-keys/{adaKeyId}", null),
            (HttpMethod.Patch, $"/api/v1/projects/{bobKey}/api-keys/{adaKeyId}", new { is_active = false }),
            (HttpMethod.Delete, $"/api/v1/projects/{bobKey}/api-keys/{adaKeyId}", null),
            (HttpMethod.Post, $"/api/v1/projects/{bobKey}/api-keys/{adaKeyId}/rotate", null),
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}/metrics", null),
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}/metrics/summary", null),
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}/metrics/time-series", null),
            (HttpMethod.Get, $"/api/v1/projects/{adaKey}/metrics/endpoints", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaAppId}/requests/summary", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaAppId}/requests/timeseries", null),
            (HttpMethod.Get, $"/api/v1/apps/{adaAppId}/requests/endpoints", null),
        };
        foreach (var (method, path, body) in routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
            var response = await bob.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.That((await ReadJsonAsync(await bob.GetAsync("/api/v1/projects"))).AsArray(), Has.Count.EqualTo(1));
        var adaKeys = (await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{adaKey}/api-keys"))).AsArray();
        Assert.That(adaKeys.All(key => key!["is_active"]!.GetValue<bool>()), Is.True, "nothing of Ada's changed");
        Assert.That((await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{adaKey}/metrics")))[0]!["url_path"]!.GetValue<string>(), Is.EqualTo("/users"));
    }

    [Test]
    public async Task Metrics_windows_need_a_time_zone_and_a_span_of_a_minute_to_sixty_days()
    {
        var ada = await SignedInAsync("ada@example.com");
        var projectKey = (await CreateProjectAsync(ada, "shop"))["project_key"]!.GetValue<string>();
        foreach (var query in new[]
                 {
                     "start_date=2026-01-01T00:00:00&end_date=2026-01-02T00:00:00Z", "start_date=2026-01-01T00:00:00Z&end_date=2026-01-01T00:00:30Z",
                     "start_date=2026-01-01T00:00:00Z&end_date=2026-03-05T00:00:00Z", "start_date=yesterday", "granularity=week",
                 })
        {
            var path = query.StartsWith("granularity", StringComparison.Ordinal) ? "time-series" : "summary";
            var response = await ada.GetAsync($"/api/v1/projects/{projectKey}/metrics/{path}?{query}");
            Assert.That((int)response.StatusCode, Is.EqualTo(422), $"{query}: {await response.Content.ReadAsStringAsync()}");
        }

        var ok = await ReadJsonAsync(await ada.GetAsync($"/api/v1/projects/{projectKey}/metrics/summary/?start_date=2026-01-01T00:00:00%2B02:00&end_date=2026-01-01T01:00:00Z"));
        Assert.That(ok["request_count"]!.GetValue<long>(), Is.Zero);
        Assert.That(ok["p95_response_time_ms"]!.GetValue<double>(), Is.Zero);
    }

    [Test]
    public async Task Unknown_and_absurd_project_keys_are_404_never_500()
    {
        var ada = await SignedInAsync("ada@example.com");
        foreach (var projectKey in new[] { "nope-00000000", new string('x', 5000), "..", "a%2Fb" })
        {
            foreach (var path in new[] { "", "/api-keys", "/metrics/summary", "/api-keys/1" })
            {
                var response = await ada.GetAsync($"/api/v1/projects/{projectKey}{path}");
                Assert.That((int)response.StatusCode, Is.EqualTo(404).Or.EqualTo(400).Or.EqualTo(414), $"{projectKey[..Math.Min(20, projectKey.Length)]}{path}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Test]
    public async Task Errors_are_the_surfaces_own_shape_and_a_missing_or_bad_token_is_401()
    {
        var response = await Anonymous.GetAsync("/api/v1/projects/");
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(body["error"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That((await ClientWith("a.b.c").GetAsync("/api/v1/projects")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
