using Faultline.IntegrationTests;
using System.Net;
using Dapper;
using Faultline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Faultline.IntegrationTests.Platform;

public sealed class PlatformTests : ApiTest
{
    [Test]
    public async Task Health_reports_status_database_and_version_without_credentials()
    {
        var response = await Anonymous.GetAsync("/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await ReadJsonAsync(response);
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("online"));
        Assert.That(body["database"]!.GetValue<string>(), Is.EqualTo("up"));
        Assert.That(body["database_status"]!.GetValue<string>(), Is.EqualTo("connected"));
        Assert.That(body["environment"]!.GetValue<string>(), Is.EqualTo("Testing"));
        Assert.That(body["timestamp"]!.GetValue<string>(), Does.EndWith("Z"));
        Assert.That(body["version"]!.GetValue<string>(), Is.Not.Empty);
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Probes_answer_without_credentials(string path)
    {
        Assert.That((await Anonymous.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Swagger_UI_is_served_at_docs_with_a_document_describing_both_credentials()
    {
        var ui = await Anonymous.GetAsync("/docs/index.html");
        var document = await Anonymous.GetStringAsync("/docs/v1/openapi.json");

        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(document, Does.Contain("\"/api/v1/apps/{name}\"").And.Contain("\"/api/v1/apps/{appId}/stats/timeseries\""));
        Assert.That(document, Does.Contain("operatorToken").And.Contain("ingestKey").And.Contain("X-INGEST-KEY"));
        Assert.That(document, Does.Contain("ErrorEnvelope"));
        Assert.That(document, Does.Contain("\"413\"").And.Contain("\"415\"").And.Contain("\"409\""));
    }

    [Test]
    public async Task The_document_describes_each_operation_once_under_its_canonical_path_and_names_the_Log_Handler_routes()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await Anonymous.GetStringAsync("/docs/v1/openapi.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(operation => (Path: path.Key, Method: operation.Key, Description: operation.Value!["description"]?.GetValue<string>() ?? string.Empty)))
            .ToList();

        Assert.That(operations.Select(o => o.Path), Has.None.StartsWith("/apps"));
        Assert.That(operations.Select(o => $"{o.Method} {o.Path.Replace("/api/v1/apps", "/apps", StringComparison.Ordinal)}"), Is.Unique);
        var descriptions = string.Join("\n", operations.Select(o => o.Description));
        Assert.Multiple(() =>
        {
            foreach (var route in new[]
            {
                "/apps (Log Handler API)", "/apps/{name} (Log Handler API)", "/apps/{appId}/events (Log Handler API)",
                "/apps/{appId}/events/batch (Log Handler API)", "/apps/{appId}/stats/timeseries (Log Handler API)",
                "/apps/{appId}/stats/by-level (Log Handler API)", "/apps/{appId}/stats/top-messages (Log Handler API)",
            })
            {
                Assert.That(descriptions, Does.Contain("Also served at " + route), route);
            }
        });
        Assert.That(operations.Where(o => o.Path.StartsWith("/api/v1/apps", StringComparison.Ordinal)).Select(o => o.Description),
            Is.All.Contain("Also served at /apps"));
        Assert.That(operations.Single(o => o.Path == "/api/v1/admin/keys" && o.Method == "get").Description, Does.Not.Contain("Also served"));
    }

    [Test]
    public async Task The_services_connections_run_without_PostgreSQLs_JIT()
    {
        await using var connection = await App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

        Assert.That(await connection.ExecuteScalarAsync<string>("SHOW jit"), Is.EqualTo("off"));
    }

    [Test]
    public async Task Unknown_routes_get_a_JSON_404()
    {
        await AssertErrorAsync(await Anonymous.GetAsync("/no/such/route"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        await AssertErrorAsync(await Operator.GetAsync("/apps/1/nothing-here"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }

    [Test]
    public async Task Wrong_methods_get_a_JSON_405()
    {
        await AssertErrorAsync(await Operator.PutAsync("/apps/1", null), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
        await AssertErrorAsync(await Operator.PutAsync("/apps/1/events", null), HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [TestCase("/apps/")]
    [TestCase("/apps/1")]
    [TestCase("/api/v1/apps/1/stats/by-level")]
    public async Task Operator_endpoints_refuse_missing_and_wrong_tokens(string path)
    {
        await AssertErrorAsync(await Anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken + "x");
        await AssertErrorAsync(await Anonymous.SendAsync(wrong), HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        using var basic = new HttpRequestMessage(HttpMethod.Get, path);
        basic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
        await AssertErrorAsync(await Anonymous.SendAsync(basic), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task Creating_an_app_needs_operator_credentials_and_stores_nothing_without_them()
    {
        await AssertErrorAsync(await Anonymous.PostAsync("/apps/sneaky", null), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.That(await DatabaseReset.CountAsync("apps"), Is.EqualTo(0));
    }
}

public sealed class ResponseHeaderTests : ApiTest
{
    [TestCase("/health")]
    [TestCase("/apps/")]
    [TestCase("/no/such/route")]
    public async Task Every_response_carries_the_security_headers_and_a_request_id(string path)
    {
        var response = await Anonymous.GetAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(response.Headers.GetValues("X-Request-Id").Single(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task A_client_request_id_is_echoed_back()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Request-Id", "client-abc-123");

        var response = await Anonymous.SendAsync(request);

        Assert.That(response.Headers.GetValues("X-Request-Id").Single(), Is.EqualTo("client-abc-123"));
    }

    [Test]
    public async Task A_request_id_that_could_forge_log_lines_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "evil id with spaces");

        var response = await Anonymous.SendAsync(request);

        Assert.That(response.Headers.GetValues("X-Request-Id").Single(), Is.Not.EqualTo("evil id with spaces").And.Not.Empty);
    }
}
