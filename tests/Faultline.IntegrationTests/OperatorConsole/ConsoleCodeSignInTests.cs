using System.Net;
using System.Text.RegularExpressions;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Faultline.IntegrationTests.OperatorConsole;

/// <summary>The console's sign-in by a code sent by email, delivered over a real SMTP conversation.</summary>
public sealed partial class ConsoleCodeSignInTests : ApiTest
{
    private LoopbackSmtpServer _smtp = null!;
    private WebApplicationFactory<Program> _host = null!;
    private HttpClient _browser = null!;

    [OneTimeSetUp]
    public void StartHostWithMailServer()
    {
        _smtp = new LoopbackSmtpServer();
        _host = App.WithMailServer(_smtp);
        _browser = _host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _browser.Dispose();
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Test]
    public async Task A_code_sent_by_email_opens_a_session_once_and_a_wrong_code_is_the_APIs_401()
    {
        var before = _smtp.Messages.Count;
        var sent = await _browser.PostAsync("/console/session/code", Json(new { email = "grace@example.com" }));
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sent.Content.ReadAsStringAsync());
        for (var i = 0; i < 100 && _smtp.Messages.Count == before; i++)
        {
            await Task.Delay(50);
        }

        var code = SixDigits().Match(_smtp.Messages.Skip(before).Single().Data).Groups[1].Value;
        var wrong = await _browser.PostAsync("/console/session", Json(new { email = "grace@example.com", code = code == "000000" ? "111111" : "000000" }));
        var right = await _browser.PostAsync("/console/session", Json(new { email = "grace@example.com", code }));
        var again = await _browser.PostAsync("/console/session", Json(new { email = "grace@example.com", code }));

        await AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, "INVALID_CODE");
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), await right.Content.ReadAsStringAsync());
        Assert.That(right.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("faultline_console=u."));
        Assert.That((await ReadJsonAsync(right))["name"]!.GetValue<string>(), Is.EqualTo("grace@example.com"));
        await AssertErrorAsync(again, HttpStatusCode.Unauthorized, "INVALID_CODE");
    }

    [GeneratedRegex("code is ([0-9]{6})")]
    private static partial Regex SixDigits();
}
