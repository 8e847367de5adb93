using Dapper;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Common;
using Faultline.Application.Keys.Commands.CreateIngestKey;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Keys.Commands.RotateIngestKey;

/// <summary>Issues a replacement key (same name, expiry and rate limit) and retires the old one after the grace period (zero: at once).</summary>
public sealed record RotateIngestKeyCommand(long AppId, long KeyId, TimeSpan Grace) : IRequest<CreatedIngestKeyDto>;

internal sealed class RotateIngestKeyCommandHandler(IDbConnectionFactory database, ISecretKeys secrets, Access.IngestKeyCache cache)
    : IRequestHandler<RotateIngestKeyCommand, CreatedIngestKeyDto>
{
    private const string RetireSql = """
        UPDATE ingest_keys
        SET revoked_at = now() + make_interval(secs => @GraceSeconds)
        WHERE id = @KeyId AND app_id = @AppId AND (revoked_at IS NULL OR revoked_at > now())
        RETURNING name AS Name, expires_at AS ExpiresAt, rate_limit_per_minute AS RateLimitPerMinute, key_hash AS KeyHash
        """;

    public async Task<CreatedIngestKeyDto> Handle(RotateIngestKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var old = await connection.QuerySingleOrDefaultAsync<RetiredKey>(new CommandDefinition(
            RetireSql, new { request.AppId, request.KeyId, GraceSeconds = request.Grace.TotalSeconds }, transaction, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"App {request.AppId} has no live key {request.KeyId}.");
        var replacement = await CreateIngestKeyCommandHandler.InsertAsync(
            connection, request.AppId, old.Name, old.ExpiresAt is null ? null : new DateTimeOffset(old.ExpiresAt.Value, TimeSpan.Zero), old.RateLimitPerMinute,
            secrets.Generate(CreateAppCommandHandler.IngestKeyPrefix), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        if (request.Grace == TimeSpan.Zero)
        {
            // Retired now: not even this instance's cache may keep it alive.
            cache.Forget(old.KeyHash);
        }

        return replacement;
    }

    private sealed class RetiredKey
    {
        public string Name { get; init; } = string.Empty;

        public DateTime? ExpiresAt { get; init; }

        public int? RateLimitPerMinute { get; init; }

        public byte[] KeyHash { get; init; } = [];
    }
}
