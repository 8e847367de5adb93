using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Application.Groups;
using MediatR;

namespace Faultline.Application.Apps.Commands.DeleteApp;

/// <summary>
/// Deletes an app at once: its keys stop working, and its events, rollups, idempotency keys and ingestion
/// totals, request statistics, error groups and analytics digests go in the same transaction.
/// </summary>
public sealed record DeleteAppCommand(long AppId) : IRequest<Unit>;

internal sealed class DeleteAppCommandHandler(IDbConnectionFactory database, IngestKeyCache keys, KnownGroupRows knownGroups) : IRequestHandler<DeleteAppCommand, Unit>
{
    private const string KeysSql = "SELECT key_hash FROM ingest_keys WHERE app_id = @AppId";

    // The app row goes first so that a concurrent ingestion waiting on its key fails rather than writes.
    // The event store has no foreign key to apps (it would cost every insert), so its rows go explicitly.
    private const string Sql = """
        DELETE FROM apps WHERE id = @AppId;
        DELETE FROM events WHERE app_id = @AppId;
        DELETE FROM event_ids WHERE app_id = @AppId;
        DELETE FROM event_counts_minute WHERE app_id = @AppId;
        DELETE FROM event_counts_hour WHERE app_id = @AppId;
        DELETE FROM message_counts_hour WHERE app_id = @AppId;
        DELETE FROM message_counts_day WHERE app_id = @AppId;
        DELETE FROM app_ingestion WHERE app_id = @AppId;
        DELETE FROM request_stats_minute WHERE app_id = @AppId;
        DELETE FROM request_stats_hour WHERE app_id = @AppId;
        DELETE FROM error_group_counts_hour WHERE group_id IN (SELECT id FROM error_groups WHERE app_id = @AppId);
        DELETE FROM error_group_users WHERE group_id IN (SELECT id FROM error_groups WHERE app_id = @AppId);
        DELETE FROM error_groups WHERE app_id = @AppId;
        DELETE FROM analytics_digest_state WHERE app_id = @AppId;
        DELETE FROM analytics_hour_names WHERE app_id = @AppId;
        DELETE FROM analytics_hour_users WHERE app_id = @AppId;
        DELETE FROM analytics_hour_sessions WHERE app_id = @AppId;
        DELETE FROM analytics_hour_returns WHERE app_id = @AppId;
        DELETE FROM analytics_live_subjects WHERE app_id = @AppId;
        DELETE FROM analytics_last_read WHERE app_id = @AppId;
        """;

    public async Task<Unit> Handle(DeleteAppCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var hashes = (await connection.QueryAsync<byte[]>(new CommandDefinition(KeysSql, request, transaction, cancellationToken: cancellationToken))).AsList();
        await connection.ExecuteAsync(new CommandDefinition(Sql, request, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        foreach (var hash in hashes)
        {
            keys.Forget(hash);
        }

        knownGroups.ForgetAll();

        return Unit.Value;
    }
}
