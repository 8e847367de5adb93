using System.Net;
using System.Net.Http.Headers;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Access;

/// <summary>Every kind of credential against every kind of endpoint: the endpoint decides what a credential is.</summary>
public sealed class CredentialKindTests : ApiTest
{
    private static readonly string[] Endpoints =
        ["single ingest", "batch ingest", "read", "admin change", "ingest key management", "operator key management"];

    private long _appId;
    private readonly Dictionary<string, Action<HttpRequestHeaders>> _credentials = new();

    private static IEnumerable<TestCaseData> Rows()
    {
        // single ingest, batch ingest, read, admin change, ingest key management, operator key management
        yield return Row("an ingest key in X-INGEST-KEY", 201, 200, 401, 401, 401, 401);
        yield return Row("an ingest key in X-API-Key", 201, 200, 401, 401, 401, 401);
        yield return Row("an ingest key as a Bearer token", 201, 200, 401, 401, 401, 401);
        yield return Row("another app's ingest key", 401, 401, 401, 401, 401, 401);
        yield return Row("the bootstrap admin token", 401, 401, 200, 200, 200, 200);
        yield return Row("an operator key with the admin scope", 401, 401, 200, 200, 200, 200);
        yield return Row("an operator key with the read scope", 401, 401, 200, 403, 403, 403);
        yield return Row("an admin operator key limited to the app", 401, 401, 200, 200, 200, 403);
        yield return Row("a read operator key limited to another app", 401, 401, 404, 404, 404, 403);
        yield return Row("no credential", 401, 401, 401, 401, 401, 401);
    }

    private static TestCaseData Row(string credential, params int[] statuses) =>
        new TestCaseData(credential, statuses).SetArgDisplayNames(credential);

    [SetUp]
    public async Task CreateCredentialsAsync()
    {
        (_appId, var ingestKey) = await CreateAppAsync("checkout");
        var (otherAppId, otherIngestKey) = await CreateAppAsync("other");
        var admin = await CreateOperatorKeyAsync("admin", ["admin"], null);
        var reader = await CreateOperatorKeyAsync("reader", ["read"], null);
        var limitedAdmin = await CreateOperatorKeyAsync("limited-admin", ["admin"], [_appId]);
        var elsewhere = await CreateOperatorKeyAsync("elsewhere", ["read"], [otherAppId]);

        _credentials["an ingest key in X-INGEST-KEY"] = headers => headers.Add("X-INGEST-KEY", ingestKey);
        _credentials["an ingest key in X-API-Key"] = headers => headers.Add("X-API-Key", ingestKey);
        _credentials["an ingest key as a Bearer token"] = headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", ingestKey);
        _credentials["another app's ingest key"] = headers => headers.Add("X-INGEST-KEY", otherIngestKey);
        _credentials["the bootstrap admin token"] = headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
        _credentials["an operator key with the admin scope"] = headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        _credentials["an operator key with the read scope"] = headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", reader);
        _credentials["an admin operator key limited to the app"] = headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", limitedAdmin);
        _credentials["a read operator key limited to another app"] = headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", elsewhere);
        _credentials["no credential"] = _ => { };
    }

    [TestCaseSource(nameof(Rows))]
    public async Task Each_credential_gets_the_right_answer_from_each_kind_of_endpoint(string credential, int[] expected)
    {
        var answers = new List<(string Endpoint, HttpStatusCode Status, string Body)>();
        for (var i = 0; i < Endpoints.Length; i++)
        {
            using var request = RequestFor(Endpoints[i]);
            _credentials[credential](request.Headers);
            using var response = await Anonymous.SendAsync(request);
            answers.Add((Endpoints[i], response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Multiple(() =>
        {
            for (var i = 0; i < Endpoints.Length; i++)
            {
                var (endpoint, status, body) = answers[i];
                Assert.That((int)status, Is.EqualTo(expected[i]), $"{endpoint}: {body}");
                if (ExpectedCode(endpoint, expected[i], credential) is { } code)
                {
                    Assert.That(body, Does.Contain($"\"code\":\"{code}\""), endpoint);
                }
            }
        });
        var ingested = expected[0] == 201 ? 2 : 0;
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(ingested));
    }

    private static string? ExpectedCode(string endpoint, int status, string credential) => status switch
    {
        401 when endpoint.EndsWith("ingest", StringComparison.Ordinal) => credential == "no credential" ? "MISSING_API_KEY" : "INVALID_API_KEY",
        401 => "UNAUTHORIZED",
        403 => "INSUFFICIENT_SCOPE",
        404 => "APP_NOT_FOUND",
        _ => null,
    };

    private HttpRequestMessage RequestFor(string endpoint) => endpoint switch
    {
        "single ingest" => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{_appId}/events") { Content = Json(EventBody()) },
        "batch ingest" => new HttpRequestMessage(HttpMethod.Post, $"/apps/{_appId}/events/batch") { Content = Json(new { events = new[] { EventBody() } }) },
        "read" => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/apps/{_appId}/events"),
        "admin change" => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/apps/{_appId}/retention") { Content = Json(new { retention_days = 30 }) },
        "ingest key management" => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/apps/{_appId}/keys"),
        "operator key management" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/keys"),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
    };

    private async Task<string> CreateOperatorKeyAsync(string name, string[] scopes, long[]? apps)
    {
        var response = await Operator.PostAsync("/api/v1/admin/keys", Json(new { name, scopes, apps }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["key"]!.GetValue<string>();
    }
}
