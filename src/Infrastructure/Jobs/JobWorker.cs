using Dapper;
using Faultline.Application.Analysis.Commands.RunJob;
using Faultline.Application.Analysis;
using Faultline.Application.Jobs;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Faultline.Infrastructure.Jobs;

/// <summary>Faultline:Jobs — the job worker every instance runs.</summary>
public sealed class JobOptions
{
    public const string Section = "Faultline:Jobs";

    /// <summary>Jobs this instance runs at once; 0 turns its worker off.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How long a claim holds without a heartbeat; a job whose instance died is claimed again after this.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle worker looks for jobs submitted on other instances.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Claims of one job before it fails for good.</summary>
    public int MaxAttempts { get; set; } = 3;
}

/// <summary>
/// Claims jobs with FOR UPDATE SKIP LOCKED, so instances sharing the database never run one twice at once;
/// renews each claim's lease while it runs, and claims jobs whose lease ran out (their instance died).
/// Completion is written only by the claim's holder.
/// </summary>
public sealed class JobWorker(NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IOptions<JobOptions> options, ILogger<JobWorker> logger)
    : BackgroundService, IJobSignal
{
    private const string ClaimSql = """
        UPDATE jobs SET status = 'running', claimed_by = @Worker, attempts = attempts + 1,
                        lease_until = now() + make_interval(secs => @LeaseSeconds)
        WHERE id = (
            SELECT id FROM jobs
            WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
            ORDER BY created_at
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
        RETURNING id AS Id, kind AS Kind, request::text AS Request, attempts AS Attempts
        """;

    private const string RenewSql = """
        UPDATE jobs SET lease_until = now() + make_interval(secs => @LeaseSeconds)
        WHERE id = @Id AND claimed_by = @Worker AND status = 'running'
        """;

    private const string FinishSql = """
        UPDATE jobs SET status = @Status, result = CAST(@Result AS jsonb), error_code = @ErrorCode, error_message = @ErrorMessage,
                        completed_at = now(), lease_until = NULL
        WHERE id = @Id AND claimed_by = @Worker AND status = 'running'
        """;

    private const string ReleaseSql = """
        UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_until = NULL
        WHERE id = @Id AND claimed_by = @Worker AND status = 'running'
        """;

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>This instance's name on its claims.</summary>
    public string Worker { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public void Notify()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Concurrency <= 0)
        {
            return;
        }

        using var slots = new SemaphoreSlim(settings.Concurrency);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stoppingToken);
            ClaimedJob? job = null;
            try
            {
                job = await ClaimAsync(settings, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Claiming a job failed; the worker will try again");
            }

            if (job is null)
            {
                slots.Release();
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(settings.PollMilliseconds), stoppingToken);
                continue;
            }

            running.RemoveAll(task => task.IsCompleted);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await RunAsync(job, settings, stoppingToken);
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running);
    }

    /// <summary>Claims and runs one job now, if there is one; for tests. True when a job ran.</summary>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        var job = await ClaimAsync(options.Value, cancellationToken);
        if (job is null)
        {
            return false;
        }

        await RunAsync(job, options.Value, cancellationToken);
        return true;
    }

    private async Task<ClaimedJob?> ClaimAsync(JobOptions settings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClaimedJob>(new CommandDefinition(
            ClaimSql, new { Worker, settings.LeaseSeconds }, cancellationToken: cancellationToken));
    }

    private async Task RunAsync(ClaimedJob job, JobOptions settings, CancellationToken stoppingToken)
    {
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(job.Id, settings, heartbeat.Token);
        try
        {
            if (job.Attempts > settings.MaxAttempts)
            {
                await FinishAsync(job.Id, JobStatuses.Failed, null, ErrorCodes.InternalError.Value,
                    $"The job was abandoned {settings.MaxAttempts} times by instances that stopped while running it.");
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RunJobCommand(job.Kind, job.Request), stoppingToken);
            await FinishAsync(job.Id, outcome.ErrorCode is null ? JobStatuses.Completed : JobStatuses.Failed, outcome.ResultJson, outcome.ErrorCode, outcome.ErrorMessage);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: hand the job back at once rather than letting its lease run out.
            await ReleaseAsync(job.Id);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Job {JobId} failed", job.Id);
            if (job.Attempts >= settings.MaxAttempts)
            {
                await FinishAsync(job.Id, JobStatuses.Failed, null, ErrorCodes.InternalError.Value, "The job failed; the error has been logged.");
            }
            else
            {
                await ReleaseAsync(job.Id);
            }
        }
        finally
        {
            await heartbeat.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewAsync(Guid id, JobOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.LeaseSeconds / 3.0)), cancellationToken);
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(RenewSql, new { Id = id, Worker, settings.LeaseSeconds }, cancellationToken: cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Renewing the lease of job {JobId} failed", id);
        }
    }

    private async Task FinishAsync(Guid id, string status, string? result, string? errorCode, string? errorMessage)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(FinishSql, new
        {
            Id = id, Worker, Status = status, Result = result, ErrorCode = errorCode, ErrorMessage = errorMessage,
        }));
    }

    private async Task ReleaseAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { Id = id, Worker }));
    }

    private sealed class ClaimedJob
    {
        public Guid Id { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string Request { get; init; } = "{}";

        public int Attempts { get; init; }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
