using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Users;

/// <summary>Registration and password sign-in, as the API Analytics API's clients call them.</summary>
public sealed class SignInTests : AccountTest
{
    [Test]
    public async Task Registering_answers_201_with_the_account_and_never_the_password()
    {
        var response = await Anonymous.PostAsync("/api/v1/auth/register", Json(new { email = "Ada@Example.com", password = StrongPassword, full_name = "Ada Lovelace" }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        var body = JsonNode.Parse(text)!;
        Assert.Multiple(() =>
        {
            Assert.That(body["email"]!.GetValue<string>(), Is.EqualTo("Ada@Example.com"));
            Assert.That(body["full_name"]!.GetValue<string>(), Is.EqualTo("Ada Lovelace"));
            Assert.That(body["is_active"]!.GetValue<bool>(), Is.True);
            Assert.That(body["created_at"]!.GetValue<string>(), Does.EndWith("Z"));
            Assert.That(text, Does.Not.Contain("password").And.Not.Contain("argon2"));
        });
    }

    [Test]
    public async Task An_email_already_registered_in_another_case_is_refused_with_400()
    {
        await RegisterAsync("ada@example.com");
        var response = await Anonymous.PostAsync("/api/v1/auth/register", Json(new { email = "ADA@example.COM", password = StrongPassword }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(JsonNode.Parse(text)!["error"]!.GetValue<string>(), Does.Contain("already registered"));
    }

    [TestCase("password123")]
    [TestCase("qwertyuiop")]
    [TestCase("aaaaaaaaaaaa")]
    [TestCase("ada@example.com1")]
    public async Task A_guessable_password_is_refused_with_422_saying_why(string password)
    {
        var response = await Anonymous.PostAsync("/api/v1/auth/register", Json(new { email = "ada@example.com", password }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(422), text);
        var detail = JsonNode.Parse(text)!["details"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(detail["field"]!.GetValue<string>(), Is.EqualTo("password"));
            Assert.That(detail["message"]!.GetValue<string>(), Does.Contain("too easy to guess").And.Contain("'"));
        });
        Assert.That(await DatabaseReset.CountAsync("users"), Is.Zero);
    }

    [TestCase("not-an-email")]
    [TestCase("@example.com")]
    [TestCase("ada@")]
    [TestCase("ada@example")]
    [TestCase("a b@example.com")]
    [TestCase("ada@@example.com")]
    [TestCase("")]
    public async Task A_malformed_email_is_422_at_registration_and_401_at_sign_in(string email)
    {
        var registered = await Anonymous.PostAsync("/api/v1/auth/register", Json(new { email, password = StrongPassword }));
        Assert.That((int)registered.StatusCode, Is.EqualTo(422), await registered.Content.ReadAsStringAsync());
        var signedIn = await Anonymous.PostAsync("/api/v1/auth/login", Json(new { email, password = StrongPassword }));
        Assert.That((int)signedIn.StatusCode, Is.EqualTo(401), await signedIn.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_ten_kilobyte_password_is_refused_without_being_hashed()
    {
        var huge = new string('x', 10 * 1024);
        var registered = await Anonymous.PostAsync("/api/v1/auth/register", Json(new { email = "ada@example.com", password = huge }));
        Assert.That((int)registered.StatusCode, Is.EqualTo(422), await registered.Content.ReadAsStringAsync());
        await RegisterAsync("ada@example.com");
        var signedIn = await Anonymous.PostAsync("/api/v1/auth/login", Json(new { email = "ada@example.com", password = huge }));
        Assert.That((int)signedIn.StatusCode, Is.EqualTo(401), await signedIn.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Malformed_bodies_are_422_never_500()
    {
        foreach (var body in new[] { "{", "[]", "{\"email\": 5, \"password\": true}", "null", "{\"email\": null}" })
        {
            foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/login" })
            {
                var response = await Anonymous.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                var text = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.AnyOf(401, 422), $"{path} {body}: {text}");
                Assert.That(JsonNode.Parse(text)!["error"]!.GetValue<string>(), Is.Not.Empty);
            }
        }
    }

    [Test]
    public async Task Signing_in_gives_a_bearer_token_that_answers_users_me()
    {
        await RegisterAsync("ada@example.com");
        var response = await Anonymous.PostAsync("/api/v1/auth/login", Json(new { email = "ADA@example.com", password = StrongPassword }));
        var body = await ReadJsonAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(body["token_type"]!.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(body["expires_in"]!.GetValue<int>(), Is.EqualTo(3600));
        });

        var me = await ReadJsonAsync(await ClientWith(body["access_token"]!.GetValue<string>()).GetAsync("/api/v1/users/me/"));
        Assert.Multiple(() =>
        {
            Assert.That(me["email"]!.GetValue<string>(), Is.EqualTo("ada@example.com"));
            Assert.That(me["role"]!.GetValue<string>(), Is.EqualTo("USER"));
        });
    }

    [Test]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer_after_the_same_work()
    {
        await RegisterAsync("ada@example.com");
        var wrong = new List<double>();
        var unknown = new List<double>();
        var bodies = new HashSet<string>();
        // Interleaved, so that whatever else the machine is doing weighs on both alike.
        for (var i = 0; i < 5; i++)
        {
            foreach (var (email, times) in new[] { ("ada@example.com", wrong), ("nobody@example.com", unknown) })
            {
                var watch = Stopwatch.StartNew();
                var response = await Anonymous.PostAsync("/api/v1/auth/login", Json(new { email, password = "not the password at all 99" }));
                bodies.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        wrong.Sort();
        unknown.Sort();
        Assert.Multiple(() =>
        {
            Assert.That(bodies, Has.Count.EqualTo(1));
            Assert.That(bodies.Single(), Does.StartWith("401 "));
            // Both verify one Argon2id hash: an unknown email is not answered in a fraction of the time.
            Assert.That(unknown[2], Is.GreaterThan(wrong[2] * 0.5), $"unknown {unknown[2]} ms, wrong {wrong[2]} ms");
        });
    }

    [Test]
    public async Task Missing_and_malformed_bearer_tokens_are_401_on_users_me()
    {
        Assert.That((int)(await Anonymous.GetAsync("/api/v1/users/me")).StatusCode, Is.EqualTo(401));
        foreach (var token in new[] { "garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", TestDatabase.AdminToken })
        {
            var response = await ClientWith(token).GetAsync("/api/v1/users/me");
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(401), $"{token}: {text}");
            Assert.That(JsonNode.Parse(text)!["error"]!.GetValue<string>(), Is.Not.Empty);
        }
    }
}
