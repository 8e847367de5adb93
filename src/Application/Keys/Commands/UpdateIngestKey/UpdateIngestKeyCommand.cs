using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Keys;
using MediatR;

namespace Faultline.Application.Keys.Commands.UpdateIngestKey;

/// <summary>Renames a key and/or switches it off (revoked now) or on again (revocation lifted); null leaves a value as it is.</summary>
public sealed record UpdateIngestKeyCommand(long AppId, long KeyId, KeyName? Name, bool? Active) : IRequest<IngestKeyDto>;

internal sealed class UpdateIngestKeyCommandHandler(IDbConnectionFactory database, IngestKeyCache cache, IngestKeyUsage usage)
    : IRequestHandler<UpdateIngestKeyCommand, IngestKeyDto>
{
    private const string Sql = $"""
        UPDATE ingest_keys
        SET name = coalesce(@Name, name),
            revoked_at = CASE WHEN @Active IS NULL THEN revoked_at
                              WHEN @Active THEN NULL
                              ELSE coalesce(least(revoked_at, now()), now()) END
        WHERE id = @KeyId AND app_id = @AppId
        RETURNING {IngestKeySql.Columns}
        """;

    private const string KeyHashSql = "SELECT key_hash FROM ingest_keys WHERE id = @KeyId AND app_id = @AppId";

    public async Task<IngestKeyDto> Handle(UpdateIngestKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await usage.FlushAsync(connection, cancellationToken);
        var keyHash = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(KeyHashSql, request, cancellationToken: cancellationToken))
            ?? throw NotFoundException.Key(request.AppId, request.KeyId);
        var updated = await connection.QuerySingleAsync<IngestKeyDto>(new CommandDefinition(
            Sql, new { request.AppId, request.KeyId, Name = request.Name?.Value, request.Active }, cancellationToken: cancellationToken));
        cache.Forget(keyHash);
        return updated;
    }
}
