namespace Faultline.IntegrationTests.Support;

/// <summary>Faultline's own executable, run to its exit as an operator runs it from a shell.</summary>
public static class FaultlineProcess
{
    /// <summary>Runs Faultline with these arguments and environment; a run that does not exit in time fails the test.</summary>
    public static Task<ChildProcess.Result> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        ChildProcess.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [typeof(Program).Assembly.Location, .. arguments],
            Path.GetTempPath(),
            environment,
            timeout);
}
