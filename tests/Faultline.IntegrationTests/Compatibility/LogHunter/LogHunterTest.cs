using System.Net;
using System.Net.Http.Headers;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility.LogHunter;

/// <summary>Helpers for LogHunter's API: operator keys limited to some apps stand for tenants.</summary>
public abstract class LogHunterTest : ApiTest
{
    protected async Task<HttpClient> TenantAsync(string name, params long[] apps)
    {
        var response = await Operator.PostAsync("/api/v1/admin/keys", Json(new { name, scopes = new[] { "read" }, apps = apps.Length == 0 ? null : apps }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await ReadJsonAsync(response))["key"]!.GetValue<string>());
        return client;
    }
}
