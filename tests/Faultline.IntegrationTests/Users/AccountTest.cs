using System.Net;
using System.Net.Http.Headers;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Users;

/// <summary>Helpers for tests with signed-in users.</summary>
public abstract class AccountTest : ApiTest
{
    protected const string StrongPassword = "correct horse battery staple 42";

    private readonly List<HttpClient> _clients = [];

    [TearDown]
    public void DisposeUserClients()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    protected async Task RegisterAsync(string email, string password = StrongPassword, HttpClient? client = null)
    {
        var response = await (client ?? Anonymous).PostAsync("/api/v1/auth/register", Json(new { email, password, full_name = "Test Person" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    protected async Task<string> LoginAsync(string email, string password = StrongPassword, HttpClient? client = null)
    {
        var response = await (client ?? Anonymous).PostAsync("/api/v1/auth/login", Json(new { email, password }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["access_token"]!.GetValue<string>();
    }

    /// <summary>Registers the user and returns a client that carries their token.</summary>
    protected async Task<HttpClient> SignedInAsync(string email)
    {
        await RegisterAsync(email);
        return ClientWith(await LoginAsync(email));
    }

    protected HttpClient ClientWith(string bearer)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        _clients.Add(client);
        return client;
    }

    protected static async Task<long> UserIdAsync(HttpClient user) =>
        (await ReadJsonAsync(await user.GetAsync("/api/v1/users/me")))["id"]!.GetValue<long>();

    protected static async Task<(long Id, string Key)> CreateOwnAppAsync(HttpClient user, string name)
    {
        var response = await user.PostAsync($"/api/v1/apps/{name}", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return (body["id"]!.GetValue<long>(), body["ingest_key"]!.GetValue<string>());
    }
}
