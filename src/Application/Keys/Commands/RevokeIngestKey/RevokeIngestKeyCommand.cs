using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Keys.Commands.RevokeIngestKey;

/// <summary>Revokes a key at once; with <paramref name="KeepOneLive"/>, refuses to revoke the app's last live key.</summary>
public sealed record RevokeIngestKeyCommand(long AppId, long KeyId, bool KeepOneLive = false) : IRequest<Unit>;

internal sealed class RevokeIngestKeyCommandHandler(IDbConnectionFactory database, IngestKeyCache cache)
    : IRequestHandler<RevokeIngestKeyCommand, Unit>
{
    // Revoking twice is harmless: the first revocation time is kept.
    private const string Sql = """
        UPDATE ingest_keys
        SET revoked_at = CASE WHEN revoked_at IS NULL OR revoked_at > now() THEN now() ELSE revoked_at END
        WHERE id = @KeyId AND app_id = @AppId
        RETURNING key_hash
        """;

    // Taken before counting, so that two revocations at once cannot both see another live key.
    private const string LockAppSql = "SELECT id FROM apps WHERE id = @AppId FOR UPDATE";

    private const string IsLiveSql = $"""
        SELECT EXISTS (SELECT 1 FROM ingest_keys WHERE id = @KeyId AND app_id = @AppId AND {Keys.IngestKeySql.IsLive})
        """;

    private const string OtherLiveKeysSql = $"""
        SELECT count(*) FROM ingest_keys WHERE app_id = @AppId AND id <> @KeyId AND {Keys.IngestKeySql.IsLive}
        """;

    public async Task<Unit> Handle(RevokeIngestKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (request.KeepOneLive)
        {
            await connection.ExecuteAsync(new CommandDefinition(LockAppSql, request, transaction, cancellationToken: cancellationToken));
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(OtherLiveKeysSql, request, transaction, cancellationToken: cancellationToken)) == 0
                && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    IsLiveSql, request, transaction, cancellationToken: cancellationToken)))
            {
                throw new DomainValidationException(ErrorCodes.LastActiveKey, "This is the project's last active key: create another one before deleting it.", []);
            }
        }

        var keyHash = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(Sql, request, transaction, cancellationToken: cancellationToken))
            ?? throw NotFoundException.Key(request.AppId, request.KeyId);
        await transaction.CommitAsync(cancellationToken);
        cache.Forget(keyHash);
        return Unit.Value;
    }
}
