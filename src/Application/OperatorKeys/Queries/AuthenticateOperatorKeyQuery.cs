using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.OperatorKeys.Queries;

/// <summary>Who a live operator key is, or null.</summary>
public sealed record AuthenticateOperatorKeyQuery(string Key) : IRequest<Caller?>;

internal sealed class AuthenticateOperatorKeyQueryHandler(IDbConnectionFactory database, ISecretKeys secrets, OperatorKeyCache cache)
    : IRequestHandler<AuthenticateOperatorKeyQuery, Caller?>
{
    private const string Sql = """
        SELECT id AS Id, name AS Name, scopes AS Scopes, app_ids AS Apps
        FROM operator_keys
        WHERE key_hash = @KeyHash AND revoked_at IS NULL
        """;

    public Task<Caller?> Handle(AuthenticateOperatorKeyQuery request, CancellationToken cancellationToken)
    {
        var keyHash = secrets.Hash(request.Key);
        return cache.GetOrLoadAsync(keyHash, () => LoadAsync(keyHash), cancellationToken);
    }

    private async Task<(Caller, DateTimeOffset?)?> LoadAsync(byte[] keyHash)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var row = await connection.QuerySingleOrDefaultAsync<OperatorKeyDto>(new CommandDefinition(Sql, new { KeyHash = keyHash }));
        return row is null ? null : (Caller.OperatorKey(row.Id, row.Name, row.Scopes, row.Apps), null);
    }
}
