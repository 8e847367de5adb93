using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Faultline.Infrastructure.EmbeddedPostgres;

/// <summary>
/// Looks after the embedded PostgreSQL the way a service manager looks after a service: every second it
/// checks that the postmaster is alive, and when it is not, starts it again on the same port (PostgreSQL
/// replays its write-ahead log; the connection string and pools stay valid), backing off while it keeps
/// dying. Once the host begins stopping nothing is restarted, and the server is stopped. Registered
/// before every other hosted service, so it stops last: after the ingest writer has drained what it accepted.
/// </summary>
internal sealed class EmbeddedPostgresSupervisor : IHostedService, IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly EmbeddedPostgresServer _server;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping;
    private readonly RestartBackoff _backoff = new(first: TimeSpan.FromSeconds(1), longest: TimeSpan.FromSeconds(30), stableAfter: TimeSpan.FromMinutes(1));
    private Task _watching = Task.CompletedTask;

    public EmbeddedPostgresSupervisor(EmbeddedPostgresServer server, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        _server = server;
        _logger = loggerFactory.CreateLogger(DependencyInjection.DatabaseLogCategory);
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watching = WatchAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _watching;
        await _server.StopAsync();
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WatchAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                if (_server.HasExitedUnexpectedly())
                {
                    await RestartAsync(stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping: from here on a dead server stays down.
        }
    }

    private async Task RestartAsync(CancellationToken stopping)
    {
        var delay = _backoff.NextDelay(_time.GetUtcNow());
        _logger.LogWarning(
            "The embedded PostgreSQL in {DataDirectory} is not running, though nobody stopped it; starting it again on 127.0.0.1:{Port} in {DelaySeconds} s",
            _server.DataDirectory, _server.Port, delay.TotalSeconds);
        await Task.Delay(delay, _time, stopping);
        try
        {
            if (await _server.RestartAfterExitAsync(stopping))
            {
                _logger.LogInformation("The embedded PostgreSQL is running again on 127.0.0.1:{Port}", _server.Port);
            }
        }
        catch (EmbeddedPostgresException exception)
        {
            _logger.LogError("The embedded PostgreSQL did not start again; retrying: {Reason}", exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever went wrong, the watch goes on: a supervisor that gives up silently is no supervisor.
            _logger.LogError(exception, "The embedded PostgreSQL did not start again; retrying");
        }
    }
}
