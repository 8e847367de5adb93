using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Apps.Commands.DeleteApp;

/// <summary>Deletes an app with its keys, its events and their rollups, in one transaction.</summary>
public sealed record DeleteAppCommand(long AppId) : IRequest<Unit>;

internal sealed class DeleteAppCommandHandler(IDbConnectionFactory database, IngestKeyCache keys) : IRequestHandler<DeleteAppCommand, Unit>
{
    // The event store has no foreign key to apps (it would cost every insert), so its rows go explicitly.
    private const string Sql = """
        DELETE FROM events WHERE app_id = @AppId;
        DELETE FROM event_ids WHERE app_id = @AppId;
        DELETE FROM event_counts_minute WHERE app_id = @AppId;
        DELETE FROM event_counts_hour WHERE app_id = @AppId;
        DELETE FROM message_counts_hour WHERE app_id = @AppId;
        DELETE FROM message_counts_day WHERE app_id = @AppId;
        DELETE FROM request_stats_minute WHERE app_id = @AppId;
        DELETE FROM request_stats_hour WHERE app_id = @AppId;
        DELETE FROM apps WHERE id = @AppId;
        """;

    public async Task<Unit> Handle(DeleteAppCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Sql, request, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        keys.ForgetAll();
        return Unit.Value;
    }
}
