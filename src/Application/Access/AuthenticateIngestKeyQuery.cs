using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Access;

/// <summary>Who a live (not revoked, not expired) ingest key is, or null.</summary>
public sealed record AuthenticateIngestKeyQuery(string Key) : IRequest<Caller?>;

internal sealed class AuthenticateIngestKeyQueryHandler(IDbConnectionFactory database, ISecretKeys secrets, IngestKeyCache cache)
    : IRequestHandler<AuthenticateIngestKeyQuery, Caller?>
{
    // A rotated key stays live until its revoked_at arrives; a switched-off app's keys are refused. last_used_at is refreshed on each cache
    // miss, so it is accurate to within the cache lifetime.
    private const string Sql = """
        WITH live AS (
            SELECT id, app_id, name, rate_limit_per_minute, expires_at, revoked_at
            FROM ingest_keys
            WHERE key_hash = @KeyHash
              AND (revoked_at IS NULL OR revoked_at > now())
              AND (expires_at IS NULL OR expires_at > now())
              AND EXISTS (SELECT 1 FROM apps a WHERE a.id = ingest_keys.app_id AND a.is_active)
        ), touched AS (
            UPDATE ingest_keys SET last_used_at = now() WHERE id IN (SELECT id FROM live)
        )
        SELECT id AS KeyId, app_id AS AppId, name AS Name, rate_limit_per_minute AS RateLimitPerMinute,
               least(expires_at, revoked_at) AS EndsAt
        FROM live
        """;

    public Task<Caller?> Handle(AuthenticateIngestKeyQuery request, CancellationToken cancellationToken)
    {
        var keyHash = secrets.Hash(request.Key);
        return cache.GetOrLoadAsync(keyHash, () => LoadAsync(keyHash), cancellationToken);
    }

    private async Task<(Caller, DateTimeOffset?)?> LoadAsync(byte[] keyHash)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var live = await connection.QuerySingleOrDefaultAsync<LiveKey>(new CommandDefinition(Sql, new { KeyHash = keyHash }));
        if (live is null)
        {
            return null;
        }

        var caller = Caller.IngestKey(live.KeyId, live.Name, live.AppId, live.RateLimitPerMinute);
        return (caller, live.EndsAt is null ? null : new DateTimeOffset(live.EndsAt.Value, TimeSpan.Zero));
    }

    private sealed class LiveKey
    {
        public long KeyId { get; init; }

        public long AppId { get; init; }

        public string Name { get; init; } = string.Empty;

        public int? RateLimitPerMinute { get; init; }

        public DateTime? EndsAt { get; init; }
    }
}
