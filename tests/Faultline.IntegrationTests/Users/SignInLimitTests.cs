using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Users;

/// <summary>Sign-in attempts are limited per client address and per email.</summary>
public sealed class SignInLimitTests : AccountTest
{
    [Test]
    public async Task Sign_in_attempts_past_the_limit_are_429_with_Retry_After()
    {
        await using var limited = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:RateLimits:SignIn:PermitsPerWindow", "3"));
        using var client = limited.CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((int)(await client.PostAsync("/api/v1/auth/login", Json(new { email = "ada@example.com", password = "wrong password 12345" }))).StatusCode);
        }

        var refused = await client.PostAsync("/api/v1/auth/login", Json(new { email = "ada@example.com", password = "wrong password 12345" }));
        Assert.Multiple(async () =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { 401, 401, 401, 429 }));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
            Assert.That((await ReadJsonAsync(refused))["error"]!.GetValue<string>(), Does.Contain("Too many sign-in attempts"));
        });
    }
}
