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

    /// <summary>Sends events with an ingest key to the limited app: one event, or a batch of <paramref name="batch"/>.</summary>
    private async Task<HttpResponseMessage> SendEventsAsync(long appId, string key, int? batch = null, bool bearer = false)
    {
        using var request = batch is null
            ? new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) }
            : new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events/batch")
            {
                Content = Json(new { events = Enumerable.Range(0, batch.Value).Select(i => EventBody($"event {i}")).ToArray() }),
            };
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            request.Headers.Add("X-INGEST-KEY", key);
        }

        using var client = _limited.CreateClient();
        return await client.SendAsync(request);
    }

    /// <summary>Sets a key's own limit through the shared app, before the limited app has checked (and cached) the key.</summary>
    private async Task<long> LimitFirstKeyAsync(long appId, int? perMinute)
    {
        var keyId = (await GetJsonAsync($"/api/v1/apps/{appId}/keys")).AsArray()[0]!["id"]!.GetValue<long>();
        var response = await Operator.PatchAsync($"/api/v1/apps/{appId}/keys/{keyId}", Json(new { rate_limit_per_minute = perMinute }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return keyId;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "(none)";

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

    [Test]
    public async Task A_batch_with_a_bearer_ingest_key_is_limited_as_ingestion_not_as_an_operator_call()
    {
        var (appId, key) = await CreateAppAsync();

        var response = await SendEventsAsync(appId, key, batch: 2, bearer: true);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Header(response, "X-RateLimit-Limit"), Is.EqualTo("3"));
        Assert.That(Header(response, "X-RateLimit-Remaining"), Is.EqualTo("1"));
    }

    [Test]
    public async Task A_key_limited_to_5_a_minute_gets_429_with_retry_after_on_the_sixth_request()
    {
        var (appId, key) = await CreateAppAsync();
        await LimitFirstKeyAsync(appId, 5);

        for (var i = 0; i < 5; i++)
        {
            var accepted = await SendEventsAsync(appId, key);
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(Header(accepted, "X-RateLimit-Limit"), Is.EqualTo("5"));
            Assert.That(Header(accepted, "X-RateLimit-Remaining"), Is.EqualTo((4 - i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var refused = await SendEventsAsync(appId, key);

        var body = await AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        Assert.That(body["error"]!["details"]!["limit"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(5));
    }

    [Test]
    public async Task Batch_events_count_against_a_key_limit_and_a_batch_larger_than_what_is_left_is_refused_whole()
    {
        var (appId, key) = await CreateAppAsync();
        await LimitFirstKeyAsync(appId, 5);

        var first = await SendEventsAsync(appId, key, batch: 3);
        var tooMany = await SendEventsAsync(appId, key, batch: 3);
        var larger = await SendEventsAsync(appId, key, batch: 6);
        var fits = await SendEventsAsync(appId, key, batch: 2);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(first, "X-RateLimit-Remaining"), Is.EqualTo("2"));
        await AssertErrorAsync(tooMany, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.That(tooMany.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 60));
        await AssertErrorAsync(larger, HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        Assert.That(fits.StatusCode, Is.EqualTo(HttpStatusCode.OK), await fits.Content.ReadAsStringAsync());
        Assert.That(Header(fits, "X-RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(5));
    }

    [Test]
    public async Task Another_key_of_the_same_app_is_unaffected_by_a_key_limit()
    {
        var (appId, key) = await CreateAppAsync();
        await LimitFirstKeyAsync(appId, 1);
        var created = await Operator.PostAsync($"/api/v1/apps/{appId}/keys", Json(new { name = "second" }));
        var second = (await ReadJsonAsync(created))["key"]!.GetValue<string>();

        Assert.That((await SendEventsAsync(appId, key)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertErrorAsync(await SendEventsAsync(appId, key), HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");
        var other = await SendEventsAsync(appId, second);

        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Header(other, "X-RateLimit-Limit"), Is.EqualTo("3"), "the configured default, not the first key's limit");
    }

    [Test]
    public async Task A_limit_set_to_null_is_cleared_and_the_configured_default_applies_again()
    {
        var (appId, key) = await CreateAppAsync();
        var keyId = await LimitFirstKeyAsync(appId, 1);
        Assert.That((await SendEventsAsync(appId, key)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await AssertErrorAsync(await SendEventsAsync(appId, key), HttpStatusCode.TooManyRequests, "RATE_LIMIT_EXCEEDED");

        // Through the limited app itself, so that its cached key check is dropped at once.
        using var operatorClient = OperatorClient();
        var cleared = await operatorClient.PatchAsync($"/api/v1/apps/{appId}/keys/{keyId}", Json(new { rate_limit_per_minute = (int?)null }));
        Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(cleared))["rate_limit_per_minute"], Is.Null);

        var again = await SendEventsAsync(appId, key);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Header(again, "X-RateLimit-Limit"), Is.EqualTo("3"));
    }
}

/// <summary>The shipped defaults: ingest keys are not limited unless an operator says so.</summary>
public sealed class DefaultRateLimitTests : ApiTest
{
    [Test]
    public async Task An_ingest_key_without_a_limit_is_never_refused_and_its_answers_carry_no_limit_headers()
    {
        var (appId, key) = await CreateAppAsync();

        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events/batch")
            {
                Content = Json(new { events = Enumerable.Range(0, 100).Select(n => EventBody($"event {n}")).ToArray() }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await Anonymous.SendAsync(request);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Contains("X-RateLimit-Limit"), Is.False, "an unlimited key has no limit to report (and never the operators' one)");
        }

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(2_000));
    }

    [Test]
    public async Task Operator_answers_still_carry_the_limit_headers()
    {
        var response = await Operator.GetAsync("/api/v1/apps");

        Assert.That(response.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("1000000"));
    }
}
