using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.OperatorKeys.Commands.RevokeOperatorKey;

public sealed record RevokeOperatorKeyCommand(long KeyId) : IRequest<Unit>;

internal sealed class RevokeOperatorKeyCommandHandler(IDbConnectionFactory database, OperatorKeyCache cache)
    : IRequestHandler<RevokeOperatorKeyCommand, Unit>
{
    private const string Sql = """
        UPDATE operator_keys SET revoked_at = coalesce(revoked_at, now())
        WHERE id = @KeyId
        RETURNING key_hash
        """;

    public async Task<Unit> Handle(RevokeOperatorKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var keyHash = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.ResourceNotFound, $"There is no operator key {request.KeyId}.");
        cache.Forget(keyHash);
        return Unit.Value;
    }
}
