using System.Security.Cryptography;

namespace Faultline.IntegrationTests.Support;

/// <summary>
/// The Node project in tests/node (real client SDKs, playwright-core for Debian's headless Chromium), installed
/// with <c>npm ci</c> once per version of its lock file into a cache outside the repository
/// (<c>FAULTLINE_NODE_CACHE</c>, else ~/.cache/faultline/node-tools), and its scripts run with that install.
/// </summary>
public static class NodeTools
{
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    public static string ProjectDirectory { get; } = Path.Combine(RepositoryRoot(), "tests", "node");

    /// <summary>Runs tests/node/scripts/<paramref name="script"/> with Node; its standard output, or a failed test.</summary>
    public static async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        var nodeModules = await Installed.Value;
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "node", [Path.Combine(ProjectDirectory, "scripts", script), .. arguments], ProjectDirectory,
            new Dictionary<string, string> { ["NODE_PATH"] = nodeModules }, TimeSpan.FromMinutes(2));
        Assert.That(exitCode, Is.Zero, $"node {script} failed:\n{error}\n{output}");
        return output;
    }

    private static async Task<string> InstallAsync()
    {
        var lockFile = await File.ReadAllBytesAsync(Path.Combine(ProjectDirectory, "package-lock.json"));
        var version = Convert.ToHexStringLower(SHA256.HashData(lockFile))[..16];
        var cache = Environment.GetEnvironmentVariable("FAULTLINE_NODE_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "faultline", "node-tools");
        var installed = Path.Combine(cache, version);
        if (File.Exists(Path.Combine(installed, ".complete")))
        {
            return Path.Combine(installed, "node_modules");
        }

        // Installed beside the cache entry and moved into place whole, so concurrent runs never see half an install.
        var staging = Path.Combine(cache, $"{version}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        File.Copy(Path.Combine(ProjectDirectory, "package.json"), Path.Combine(staging, "package.json"));
        File.Copy(Path.Combine(ProjectDirectory, "package-lock.json"), Path.Combine(staging, "package-lock.json"));
        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], staging, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        Assert.That(exitCode, Is.Zero, $"npm ci in {staging} failed:\n{error}\n{output}");
        await File.WriteAllTextAsync(Path.Combine(staging, ".complete"), DateTime.UtcNow.ToString("O"));
        try
        {
            Directory.Move(staging, installed);
        }
        catch (IOException) when (File.Exists(Path.Combine(installed, ".complete")))
        {
            Directory.Delete(staging, recursive: true);
        }

        return Path.Combine(installed, "node_modules");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Faultline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new AssertionException($"No Faultline.slnx above {AppContext.BaseDirectory}.");
    }
}
