using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Users.Queries.ListUsers;

/// <summary>Every user, oldest first.</summary>
public sealed record ListUsersQuery : IRequest<IReadOnlyList<UserDto>>;

internal sealed class ListUsersQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListUsersQuery, IReadOnlyList<UserDto>>
{
    private const string Sql = $"SELECT {UserSql.Columns} FROM users ORDER BY id";

    public async Task<IReadOnlyList<UserDto>> Handle(ListUsersQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserDto>(new CommandDefinition(Sql, cancellationToken: cancellationToken))).AsList();
    }
}
