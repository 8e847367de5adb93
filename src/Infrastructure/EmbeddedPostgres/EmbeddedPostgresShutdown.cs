using Microsoft.Extensions.Hosting;

namespace Faultline.Infrastructure.EmbeddedPostgres;

/// <summary>
/// Stops the embedded PostgreSQL when the host stops. Registered before every other hosted service, so
/// it stops last: after the ingest writer has drained what it accepted.
/// </summary>
internal sealed class EmbeddedPostgresShutdown(EmbeddedPostgresServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync();
}
