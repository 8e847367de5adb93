using Faultline.Application.Access;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Faultline.Infrastructure.Users;

/// <summary>Adds the ingest keys' counted requests to the database every second, and once more when stopping.</summary>
internal sealed class IngestKeyUsageFlusher(IngestKeyUsage usage, NpgsqlDataSource dataSource, ILogger<IngestKeyUsageFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await usage.FlushAsync(connection, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Kept in memory and retried next second.
            logger.LogDebug(exception, "Could not record ingest key usage yet");
        }
    }
}
