using System.Net;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Users;

namespace Faultline.IntegrationTests.OperatorConsole;

/// <summary>
/// The console's session over plain HTTP: the cookie it sets, the API accepting it as the same caller as the
/// credential inside, and the anti-forgery token every change made with it must carry.
/// </summary>
public sealed class ConsoleSessionTests : AccountTest
{
    private const string CookieName = "faultline_console";
    private const string CsrfHeader = "X-Faultline-Csrf";

    private HttpClient _browser = null!;

    [SetUp]
    public void CreateBrowser() => _browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });

    [TearDown]
    public void DisposeBrowser() => _browser.Dispose();

    private async Task<(string Cookie, JsonNode Session)> SignInAsync(object body)
    {
        var response = await _browser.PostAsync("/console/session", Json(body));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith(CookieName + "=", StringComparison.Ordinal));
        return (setCookie.Split(';')[0], await ReadJsonAsync(response));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string cookie, string? csrf = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookie);
        if (csrf is not null)
        {
            request.Headers.Add(CsrfHeader, csrf);
        }

        if (body is not null)
        {
            request.Content = Json(body);
        }

        return await _browser.SendAsync(request);
    }

    [Test]
    public async Task Signing_in_with_a_password_sets_an_HttpOnly_SameSite_Strict_cookie_that_the_API_accepts()
    {
        await RegisterAsync("ada@example.com");
        var response = await _browser.PostAsync("/console/session", Json(new { email = "ada@example.com", password = StrongPassword }));
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        var body = await ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(setCookie, Does.StartWith(CookieName + "=u.").And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase.And.Contain("path=/"));
            Assert.That(setCookie, Does.Not.Contain("secure").IgnoreCase, "plain HTTP: a Secure cookie would never come back");
            Assert.That(body["kind"]!.GetValue<string>(), Is.EqualTo("user"));
            Assert.That(body["name"]!.GetValue<string>(), Is.EqualTo("ada@example.com"));
            Assert.That(body["csrf_token"]!.GetValue<string>(), Has.Length.EqualTo(64));
            Assert.That(body.ToJsonString(), Does.Not.Contain(setCookie.Split(';')[0][(CookieName.Length + 3)..]), "the token is not in the body");
        });

        var cookie = setCookie.Split(';')[0];
        var created = await SendAsync(HttpMethod.Post, "/api/v1/apps/ada-shop", cookie, body["csrf_token"]!.GetValue<string>());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var apps = await ReadJsonAsync(await SendAsync(HttpMethod.Get, "/api/v1/apps", cookie));
        Assert.That(apps.AsArray().Select(app => app!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "ada-shop" }), "the user's own apps only");
    }

    [Test]
    public async Task A_wrong_password_is_the_APIs_401_and_sets_no_cookie()
    {
        await RegisterAsync("ada@example.com");

        var response = await _browser.PostAsync("/console/session", Json(new { email = "ada@example.com", password = "wrong password here" }));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
    }

    [Test]
    public async Task A_wrong_operator_token_is_401_and_the_admin_token_signs_in_as_an_operator_who_manages_operators()
    {
        var wrong = await _browser.PostAsync("/console/session", Json(new { token = "fl_op_not_a_real_key" }));
        await AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        var (_, session) = await SignInAsync(new { token = TestDatabase.AdminToken });
        Assert.Multiple(() =>
        {
            Assert.That(session["kind"]!.GetValue<string>(), Is.EqualTo("operator"));
            Assert.That(session["can_manage_operators"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task A_change_with_the_cookie_needs_the_sessions_anti_forgery_token()
    {
        var (appId, _) = await CreateAppAsync();
        var (cookie, session) = await SignInAsync(new { token = TestDatabase.AdminToken });
        var csrf = session["csrf_token"]!.GetValue<string>();

        var without = await SendAsync(HttpMethod.Patch, $"/api/v1/apps/{appId}", cookie, body: new { description = "forged" });
        var wrong = await SendAsync(HttpMethod.Patch, $"/api/v1/apps/{appId}", cookie, new string('0', 64), new { description = "forged" });
        var read = await SendAsync(HttpMethod.Get, $"/api/v1/apps/{appId}", cookie);
        var with = await SendAsync(HttpMethod.Patch, $"/api/v1/apps/{appId}", cookie, csrf, new { description = "real" });

        await AssertErrorAsync(without, HttpStatusCode.Forbidden, "CSRF_TOKEN_INVALID");
        await AssertErrorAsync(wrong, HttpStatusCode.Forbidden, "CSRF_TOKEN_INVALID");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(with.StatusCode, Is.EqualTo(HttpStatusCode.OK), await with.Content.ReadAsStringAsync());
        Assert.That((await GetJsonAsync($"/api/v1/apps/{appId}"))["description"]!.GetValue<string>(), Is.EqualTo("real"));
    }

    [Test]
    public async Task A_sign_in_posted_from_another_origin_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/session") { Content = Json(new { token = TestDatabase.AdminToken }) };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await _browser.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "CSRF_TOKEN_INVALID");
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
    }

    [Test]
    public async Task A_read_key_session_cannot_change_anything_and_sign_out_ends_the_session()
    {
        var (appId, _) = await CreateAppAsync();
        var created = await ReadJsonAsync(await Operator.PostAsync("/api/v1/admin/keys", Json(new { name = "reader", scopes = new[] { "read" } })));
        var (cookie, session) = await SignInAsync(new { token = created["key"]!.GetValue<string>() });
        var csrf = session["csrf_token"]!.GetValue<string>();

        var change = await SendAsync(HttpMethod.Patch, $"/api/v1/apps/{appId}", cookie, csrf, new { description = "x" });
        await AssertErrorAsync(change, HttpStatusCode.Forbidden, "INSUFFICIENT_SCOPE");
        Assert.That(session["can_change"]!.GetValue<bool>(), Is.False);

        var signOut = await SendAsync(HttpMethod.Delete, "/console/session", cookie, csrf);
        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(signOut.Headers.GetValues("Set-Cookie").Single(), Does.StartWith(CookieName + "=;").And.Contain("expires=Thu, 01 Jan 1970").IgnoreCase);

        await Operator.DeleteAsync($"/api/v1/admin/keys/{created["id"]!.GetValue<long>()}");
        var afterRevoke = await SendAsync(HttpMethod.Get, "/console/session", cookie);
        await AssertErrorAsync(afterRevoke, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await AssertErrorAsync(await SendAsync(HttpMethod.Get, $"/api/v1/apps/{appId}", cookie), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Test]
    public async Task The_console_page_has_a_CSP_without_inline_scripts_and_keeps_the_security_headers()
    {
        var page = await _browser.GetAsync("/console/apps/1/events");
        var script = await _browser.GetAsync("/console/assets/console.js");
        var licence = await _browser.GetAsync("/console/assets/vendor/uplot-1.6.32/LICENSE");
        var traversal = await _browser.GetAsync("/console/assets/..%2F..%2Fappsettings.json");

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        var html = await page.Content.ReadAsStringAsync();
        var licenceText = await licence.Content.ReadAsStringAsync();
        var openApi = await _browser.GetStringAsync("/docs/v1/openapi.json");
        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"));
            Assert.That(page.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(page.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(html, Does.Not.Match("<script(?![^>]*\\bsrc=)"), "every script is a file");
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "no CDN");
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(script.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(licenceText, Does.Contain("MIT License"));
            Assert.That(traversal.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(openApi, Does.Not.Contain("/console"), "the console's routes stay out of the API's documentation");
        });
    }
}
