using System.Diagnostics;

namespace Faultline.IntegrationTests.Support;

/// <summary>Faultline's own executable, run to its exit as an operator runs it from a shell.</summary>
public static class FaultlineProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs Faultline with these arguments and environment; a run that does not exit in time fails the test.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Faultline did not exit within {timeout.TotalSeconds} s: {await output}");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
