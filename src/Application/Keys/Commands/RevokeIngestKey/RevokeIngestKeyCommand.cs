using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Keys.Commands.RevokeIngestKey;

public sealed record RevokeIngestKeyCommand(long AppId, long KeyId) : IRequest<Unit>;

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

    public async Task<Unit> Handle(RevokeIngestKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keyHash = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no key {request.KeyId}.");
        cache.Forget(keyHash);
        return Unit.Value;
    }
}
