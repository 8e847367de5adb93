using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the machine's own binaries: initdb into a data directory on
/// first use, started on a free loopback port (no Unix socket), stopped with the owner. PostgreSQL
/// refuses to run as root, so as root every server command runs as the 'postgres' user. Whether it
/// should be running is decided here (started, stopped); whether its postmaster is still alive is read
/// from postmaster.pid, so that a supervisor can start it again after it died.
/// </summary>
public sealed class EmbeddedPostgresServer : IAsyncDisposable
{
    public const string DatabaseName = "faultline";
    private const string SuperUser = "faultline";
    private const string ServiceAccount = "postgres";

    private readonly string _binDirectory;
    private readonly string _root;

    // Starting and stopping take turns, so that a restart after a crash never races a deliberate stop.
    private readonly SemaphoreSlim _transition = new(1, 1);
    private ILogger _logger;
    private volatile bool _running;
    private int _port;

    private EmbeddedPostgresServer(string binDirectory, string root, ILogger logger)
    {
        _binDirectory = binDirectory;
        _root = root;
        _logger = logger;
    }

    public string ConnectionString { get; private set; } = string.Empty;

    private string ClusterDirectory => Path.Combine(_root, "pgdata");

    private string PasswordFile => Path.Combine(_root, "password");

    private string LogFile => Path.Combine(_root, "postgres.log");

    private string PidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    public int Port => _port;

    public string DataDirectory => _root;

    /// <summary>
    /// The server should be running (started and not stopped on purpose) but its postmaster is gone:
    /// killed, crashed, or stopped behind Faultline's back.
    /// </summary>
    public bool HasExitedUnexpectedly() => _running && !IsPostmasterAlive();

    private static bool IsRoot { get; } = DetectRoot();

    /// <summary>Starts (creating it first if needed) the cluster kept under <paramref name="dataDirectory"/>.</summary>
    public static async Task<EmbeddedPostgresServer> StartAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken = default)
    {
        var bin = PostgresBinaries.Find() ?? throw new EmbeddedPostgresException(PostgresBinaries.InstallHint);
        var server = new EmbeddedPostgresServer(bin, Path.GetFullPath(dataDirectory), logger);
        await server.StartCoreAsync(cancellationToken);
        return server;
    }

    public async Task StopAsync()
    {
        await _transition.WaitAsync();
        try
        {
            if (!_running)
            {
                return;
            }

            _running = false;
            await RunAsync("pg_ctl", ["stop", "-D", ClusterDirectory, "-m", "fast", "-w"], CancellationToken.None, throwOnFailure: false);
            _logger.LogInformation("Stopped the embedded PostgreSQL in {DataDirectory}", _root);
        }
        finally
        {
            _transition.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Starts a stopped server again on the same port, so existing connection strings stay valid.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            if (!_running)
            {
                await StartServerAsync(cancellationToken);
            }
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>
    /// Starts a server that exited unexpectedly again, on the same port so that the connection string and
    /// pooled connections stay valid; PostgreSQL replays its write-ahead log first, and pg_ctl takes over
    /// the stale postmaster.pid. False when there was nothing to do: stopped on purpose, or already back.
    /// Throws EmbeddedPostgresException when it does not start (for example while the killed server's
    /// children still hold its shared memory); the caller tries again later.
    /// </summary>
    public async Task<bool> RestartAfterExitAsync(CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            if (!_running || IsPostmasterAlive())
            {
                return false;
            }

            // Not cancelled halfway: a pg_ctl abandoned mid-start would leave a server no stop can see.
            await StartServerAsync(CancellationToken.None);
            return true;
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>The postmaster's process id from postmaster.pid, or null when there is no such file (stopped cleanly).</summary>
    public int? FindPostmasterProcessId()
    {
        try
        {
            using var reader = new StreamReader(PidFile);
            return int.TryParse(reader.ReadLine(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Later lines go to the host's logging pipeline, once it exists.</summary>
    internal void LogTo(ILogger logger) => _logger = logger;

    private bool IsPostmasterAlive() => FindPostmasterProcessId() is { } pid && IsPostgresProcessRunning(pid);

    /// <summary>
    /// Alive and a PostgreSQL process: after a kill -9 the stale postmaster.pid may name a zombie (nobody
    /// reaps an orphan in some containers), or an id the system has since given to another program.
    /// </summary>
    public static bool IsPostgresProcessRunning(int pid)
    {
        var proc = $"/proc/{pid}";
        if (Directory.Exists("/proc/self"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                return state is not ('Z' or 'X') && File.ReadAllText(Path.Combine(proc, "comm")).StartsWith("postgres", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var serverOptions = $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        await RunAsync("pg_ctl", ["start", "-D", ClusterDirectory, "-l", LogFile, "-w", "-t", "60", "-o", serverOptions], cancellationToken);
        _running = true;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            await EnsureServiceAccountCanRunAsync(cancellationToken);
        }

        Directory.CreateDirectory(_root);
        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            await InitializeClusterAsync(cancellationToken);
        }
        else if (await IsClusterRunningAsync(cancellationToken))
        {
            // A previous Faultline was killed without stopping its server: restart it on a port of our own.
            _logger.LogWarning("An embedded PostgreSQL left running in {DataDirectory} is being restarted", _root);
            await RunAsync("pg_ctl", ["stop", "-D", ClusterDirectory, "-m", "fast", "-w"], cancellationToken);
        }

        _port = FreeLoopbackPort();
        await StartServerAsync(cancellationToken);
        var port = _port;

        var password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = "postgres",
        };
        await CreateDatabaseIfMissingAsync(builder.ConnectionString, cancellationToken);
        builder.Database = DatabaseName;
        ConnectionString = builder.ConnectionString;
        _logger.LogInformation(
            "Using the embedded PostgreSQL ({Binaries}) with data in {DataDirectory}, listening on 127.0.0.1:{Port}", _binDirectory, _root, port);
    }

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Creating an embedded PostgreSQL cluster in {DataDirectory}", _root);
        await File.WriteAllTextAsync(PasswordFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (IsRoot)
        {
            await RunAsync("chown", ["-R", $"{ServiceAccount}:{ServiceAccount}", _root], cancellationToken, asServiceAccount: false);
        }

        await RunAsync("initdb", [
            "-D", ClusterDirectory, "-U", SuperUser, "--pwfile", PasswordFile, "--auth", "scram-sha-256",
            "-E", "UTF8", "--locale", "C", "--no-instructions",
        ], cancellationToken);
    }

    private async Task<bool> IsClusterRunningAsync(CancellationToken cancellationToken) =>
        await RunAsync("pg_ctl", ["status", "-D", ClusterDirectory], cancellationToken, throwOnFailure: false) == 0;

    private static async Task CreateDatabaseIfMissingAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task EnsureServiceAccountCanRunAsync(CancellationToken cancellationToken)
    {
        if (await RunAsync("id", ["-u", ServiceAccount], cancellationToken, throwOnFailure: false, asServiceAccount: false) != 0)
        {
            throw new EmbeddedPostgresException(
                $"Faultline runs as root, and PostgreSQL refuses to run as root, but there is no '{ServiceAccount}' user to run it as. " +
                $"Create one ('useradd --system {ServiceAccount}'), run Faultline as another user, or set ConnectionStrings__Faultline.");
        }

        // The service account must be able to reach the data directory through every parent folder.
        Directory.CreateDirectory(_root);
        if (await RunAsync("test", ["-x", _root], cancellationToken, throwOnFailure: false, asServiceAccount: true) != 0
            && await RunAsync("chown", [$"{ServiceAccount}:{ServiceAccount}", _root], cancellationToken, throwOnFailure: false, asServiceAccount: false) == 0
            && await RunAsync("test", ["-x", _root], cancellationToken, throwOnFailure: false, asServiceAccount: true) != 0)
        {
            throw new EmbeddedPostgresException(
                $"Faultline runs as root and PostgreSQL must run as '{ServiceAccount}', which cannot reach {_root} (a parent folder is closed to it). " +
                "Set Faultline__DataDir to a folder it can reach (for example /var/lib/faultline) or set ConnectionStrings__Faultline.");
        }
    }

    private async Task<int> RunAsync(
        string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true, bool asServiceAccount = true)
    {
        var isServerTool = tool is "pg_ctl" or "initdb";
        var executable = isServerTool ? Path.Combine(_binDirectory, tool) : tool;
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        if (IsRoot && asServiceAccount)
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(ServiceAccount);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(executable);
        }
        else
        {
            startInfo.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new EmbeddedPostgresException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && throwOnFailure)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(10)) : string.Empty;
            throw new EmbeddedPostgresException(
                $"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {(await error).Trim()} {(await output).Trim()} {log}".Trim());
        }

        return process.ExitCode;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The effective user id is on the 'Uid:' line of /proc/self/status (real, effective, ...).</summary>
    private static bool DetectRoot()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var uidLine = File.ReadLines(status).FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = uidLine?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields is { Length: > 2 })
            {
                return fields[2] == "0";
            }
        }

        return !OperatingSystem.IsWindows() && Environment.UserName == "root";
    }
}

/// <summary>The embedded PostgreSQL cannot be used; the message says why and what to do, in one line.</summary>
public sealed class EmbeddedPostgresException(string message) : CannotStartException(message);
