using System.Diagnostics;
using Faultline.Infrastructure.Access;

namespace Faultline.IntegrationTests.Access;

/// <summary>Faultline run as its own process, as an operator starts it, with an admin token it must refuse.</summary>
public sealed class AdminTokenStartupTests
{
    [TestCase("change-me-please", "placeholder")]
    [TestCase("a-short-random-9f2c", "too short")]
    public async Task A_guessable_admin_token_stops_Faultline_at_startup_with_one_line_saying_how_to_set_one(string token, string reason)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        startInfo.Environment["Faultline__AdminToken"] = token;
        // Were the token accepted, this Faultline would serve (on a port of its own) until killed below.
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Faultline started with the admin token '{token}': {await output}");
        }

        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(process.ExitCode, Is.Not.Zero);
        Assert.That(lines, Has.Length.EqualTo(1), await error);
        Assert.That(lines[0], Does.StartWith("faultline: ").And.Contain(OperatorTokens.ConfigurationKey).And.Contain(reason).And.Contain("openssl rand -hex 32"));
        Assert.That(await output, Does.Not.Contain("listening on"), "nothing was started");
    }
}
