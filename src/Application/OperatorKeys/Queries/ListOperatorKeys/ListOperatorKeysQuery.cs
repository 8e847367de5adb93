using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.OperatorKeys.Queries.ListOperatorKeys;

public sealed record ListOperatorKeysQuery : IRequest<IReadOnlyList<OperatorKeyDto>>;

internal sealed class ListOperatorKeysQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListOperatorKeysQuery, IReadOnlyList<OperatorKeyDto>>
{
    private const string Sql = """
        SELECT id AS Id, name AS Name, prefix AS Prefix, scopes AS Scopes, app_ids AS Apps,
               created_at AS CreatedAt, revoked_at AS RevokedAt
        FROM operator_keys
        ORDER BY id
        """;

    public async Task<IReadOnlyList<OperatorKeyDto>> Handle(ListOperatorKeysQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OperatorKeyDto>(new CommandDefinition(Sql, cancellationToken: cancellationToken))).AsList();
    }
}
