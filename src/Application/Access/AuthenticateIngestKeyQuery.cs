using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Access;

/// <summary>Finds the app a live (not revoked, not expired) ingest key belongs to, or null.</summary>
public sealed record AuthenticateIngestKeyQuery(string Key) : IRequest<long?>;

internal sealed class AuthenticateIngestKeyQueryHandler(IDbConnectionFactory database, ISecretKeys secrets)
    : IRequestHandler<AuthenticateIngestKeyQuery, long?>
{
    private const string Sql = """
        SELECT app_id
        FROM ingest_keys
        WHERE key_hash = @KeyHash
          AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > now())
        """;

    public async Task<long?> Handle(AuthenticateIngestKeyQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            Sql, new { KeyHash = secrets.Hash(request.Key) }, cancellationToken: cancellationToken));
    }
}
