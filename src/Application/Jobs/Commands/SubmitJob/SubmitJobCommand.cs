using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Jobs.Commands.SubmitJob;

/// <summary>
/// Queues an analysis or a summary. When the same request was answered, or is being answered, over the same
/// data (no event has come or gone in its window since), that job is returned instead of a new one.
/// </summary>
public sealed record SubmitJobCommand(string Kind, string Tenant, JobRequest Request) : IRequest<SubmittedJob>;

/// <param name="Job">The job that answers the request.</param>
/// <param name="Reused">True when it is an earlier job (completed, or still running) for the same request and data.</param>
public sealed record SubmittedJob(JobDto Job, bool Reused);

internal sealed class SubmitJobCommandHandler(IDbConnectionFactory database, IClock clock, IJobSignal signal) : IRequestHandler<SubmitJobCommand, SubmittedJob>
{
    // The window's state: any event that comes or goes changes the count or an end of the id range.
    private const string DataStateSql = """
        SELECT count(*) AS Count, coalesce(max(id), 0) AS MaxId, coalesce(min(id), 0) AS MinId
        FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
        """;

    private const string FindSql = """
        SELECT
        """ + "\n" + JobSql.Columns + """

        FROM jobs
        WHERE request_hash = @RequestHash AND data_hash = @DataHash AND app_id = @AppId AND status <> 'failed'
        ORDER BY created_at DESC
        LIMIT 1
        """;

    private const string InsertSql = """
        INSERT INTO jobs (id, kind, app_id, tenant, request, request_hash, data_hash, status, created_at)
        VALUES (@Id, @Kind, @AppId, @Tenant, CAST(@Request AS jsonb), @RequestHash, @DataHash, 'pending', @CreatedAt)
        RETURNING
        """ + "\n" + JobSql.Columns;

    public async Task<SubmittedJob> Handle(SubmitJobCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        await using var connection = await database.OpenAsync(cancellationToken);
        var window = new { request.AppId, Since = request.Since.UtcDateTime, Until = request.Until.UtcDateTime, request.Environment };
        var state = await connection.QuerySingleAsync<(long Count, long MaxId, long MinId)>(
            new CommandDefinition(DataStateSql, window, cancellationToken: cancellationToken));
        var requestHash = request.Hash(command.Kind);
        var dataHash = SHA256.HashData(Encoding.UTF8.GetBytes($"{state.Count}:{state.MinId}:{state.MaxId}"));

        var earlier = await connection.QueryFirstOrDefaultAsync<JobDto>(new CommandDefinition(
            FindSql, new { RequestHash = requestHash, DataHash = dataHash, request.AppId }, cancellationToken: cancellationToken));
        if (earlier is not null)
        {
            return new SubmittedJob(earlier, Reused: true);
        }

        var job = await connection.QuerySingleAsync<JobDto>(new CommandDefinition(InsertSql, new
        {
            Id = Guid.CreateVersion7(),
            command.Kind,
            request.AppId,
            command.Tenant,
            Request = JsonSerializer.Serialize(request, JobRequest.Json),
            RequestHash = requestHash,
            DataHash = dataHash,
            CreatedAt = clock.UtcNow.UtcDateTime,
        }, cancellationToken: cancellationToken));
        signal.Notify();
        return new SubmittedJob(job, Reused: false);
    }
}
