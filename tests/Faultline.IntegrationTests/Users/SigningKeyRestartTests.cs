using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Users;

/// <summary>Without a configured key, the generated one is kept in the database: other instances and restarts accept the same tokens.</summary>
public sealed class SigningKeyRestartTests
{
    [Test]
    public async Task A_token_issued_before_a_restart_is_accepted_by_the_next_instance()
    {
        await using var database = await ScratchDatabase.CreateAsync();
        WebApplicationFactory<Program> Host() =>
            new FaultlineApp().WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Faultline", database.ConnectionString));

        string token;
        await using (var first = Host())
        {
            using var client = first.CreateClient();
            var registered = await client.PostAsync("/api/v1/auth/register", JsonContent.Create(new { email = "ada@example.com", password = "correct horse battery staple 42" }));
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var login = await client.PostAsync("/api/v1/auth/login", JsonContent.Create(new { email = "ada@example.com", password = "correct horse battery staple 42" }));
            token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        }

        await using var second = Host();
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await again.GetAsync("/api/v1/users/me");
        Assert.That(me.StatusCode, Is.EqualTo(HttpStatusCode.OK), await me.Content.ReadAsStringAsync());
        Assert.That(await database.ScalarAsync<long>("SELECT count(*) FROM jwt_signing_key"), Is.EqualTo(1));
    }
}
