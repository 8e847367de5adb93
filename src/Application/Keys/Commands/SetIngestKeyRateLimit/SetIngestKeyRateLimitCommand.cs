using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Keys.Commands.SetIngestKeyRateLimit;

/// <summary>Sets an ingest key's own limit on events per minute; null clears it (the configured default applies).</summary>
public sealed record SetIngestKeyRateLimitCommand(long AppId, long KeyId, int? RateLimitPerMinute) : IRequest<IngestKeyDto>;

internal sealed class SetIngestKeyRateLimitCommandHandler(IDbConnectionFactory database, IngestKeyCache cache)
    : IRequestHandler<SetIngestKeyRateLimitCommand, IngestKeyDto>
{
    private const string UpdateSql = """
        UPDATE ingest_keys SET rate_limit_per_minute = @RateLimitPerMinute
        WHERE id = @KeyId AND app_id = @AppId
        RETURNING key_hash
        """;

    private const string ReadSql = """
        SELECT id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt,
               expires_at AS ExpiresAt, revoked_at AS RevokedAt, rate_limit_per_minute AS RateLimitPerMinute
        FROM ingest_keys
        WHERE id = @KeyId
        """;

    public async Task<IngestKeyDto> Handle(SetIngestKeyRateLimitCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keyHash = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            UpdateSql, new { request.AppId, request.KeyId, request.RateLimitPerMinute }, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no key {request.KeyId}.");

        // This instance applies the new limit at once; others when their cached check expires.
        cache.Forget(keyHash);
        return await connection.QuerySingleAsync<IngestKeyDto>(new CommandDefinition(ReadSql, new { request.KeyId }, cancellationToken: cancellationToken));
    }
}
