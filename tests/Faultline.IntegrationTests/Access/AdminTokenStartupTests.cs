using Faultline.Infrastructure.Access;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Access;

/// <summary>Faultline run as its own process, as an operator starts it, with an admin token it must refuse.</summary>
public sealed class AdminTokenStartupTests
{
    [TestCase("change-me-please", "placeholder")]
    [TestCase("a-short-random-9f2c", "too short")]
    public async Task A_guessable_admin_token_stops_Faultline_at_startup_with_one_line_saying_how_to_set_one(string token, string reason)
    {
        // Were the token accepted, this Faultline would serve (on a port of its own) until the timeout kills it.
        var (exitCode, output, error) = await FaultlineProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Faultline__AdminToken"] = token,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }, TimeSpan.FromSeconds(60));

        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(lines, Has.Length.EqualTo(1), error);
        Assert.That(lines[0], Does.StartWith("faultline: ").And.Contain(OperatorTokens.ConfigurationKey).And.Contain(reason).And.Contain("openssl rand -hex 32"));
        Assert.That(output, Does.Not.Contain("listening on"), "nothing was started");
    }
}
