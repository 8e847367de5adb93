using System.Net;
using System.Net.Http.Headers;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.Access;

/// <summary>A second Faultline on the same database, with limits small enough to reach in a test.</summary>
public sealed class RateLimitTests : ApiTest
{
    private WebApplicationFactory<Program> _limited = null!;

    [SetUp]
    public void StartLimitedApp() =>
        _limited = App.WithWebHostBuilder(builder => builder
            .UseSetting("Faultline:RateLimits:Operator:PermitsPerWindow", "5")
            .UseSetting("Faultline:RateLimits:Operator:WindowSeconds", "60")
            .UseSetting("Faultline:RateLimits:Ingest:PermitsPerWindow", "3")
            .UseSetting("Faultline:RateLimits:FailedAuthentication:PermitsPerWindow", "4"));

    [TearDown]
    public async Task StopLimitedApp() => await _limited.DisposeAsync();

    private HttpClient OperatorClient()
    {
        var client = _limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestDatabase.AdminToken);
        return client;
    }

    [Test]
    public async Task Authenticated_answers_carry_limit_remaining_and_reset()
    {
        using var client = OperatorClient();

        var first = await client.GetAsync("/apps/");
        var second = await client.GetAsync("/apps/");

        Assert.That(first.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("5"));
        Assert.That(first.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("4"));
        Assert.That(second.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("3"));
        Assert.That(int.Parse(first.Headers.GetValues("X-RateLimit-Reset").Single()), Is.InRange(1, 60));
    }

    [Test]
    public async Task Past_the_limit_the_answer_is_429_with_retry_after()
    {
        using var client = OperatorClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await client.GetAsync("/apps/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var refused = await client.GetAsync("/apps/");

        await AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        Assert.That(refused.Headers.GetValues("X-RateLimit-Remaining").Single(), Is.EqualTo("0"));
    }

    [Test]
    public async Task Each_ingest_key_has_its_own_budget()
    {
        var (appId, key) = await CreateAppAsync();
        using var client = _limited.CreateClient();
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) };
            request.Headers.Add("X-INGEST-KEY", key);
            return await client.SendAsync(request);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.That((await Send()).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await AssertErrorAsync(await Send(), HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(3));
        using var operatorClient = OperatorClient();
        Assert.That((await operatorClient.GetAsync("/apps/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Repeated_failed_authentication_from_one_address_is_refused_even_with_a_right_key_later()
    {
        using var guesser = _limited.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        for (var i = 0; i < 4; i++)
        {
            await AssertErrorAsync(await guesser.GetAsync("/apps/"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        await AssertErrorAsync(await guesser.GetAsync("/apps/"), HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        using var client = OperatorClient();
        await AssertErrorAsync(await client.GetAsync("/apps/"), HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
    }
}
