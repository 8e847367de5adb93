using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Users.Queries.GetUser;

public sealed record GetUserQuery(long UserId) : IRequest<UserDto>;

internal sealed class GetUserQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetUserQuery, UserDto>
{
    private const string Sql = $"SELECT {UserSql.Columns} FROM users WHERE id = @UserId";

    public async Task<UserDto> Handle(GetUserQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserDto>(new CommandDefinition(Sql, new { request.UserId }, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.UserNotFound, $"User {request.UserId} does not exist.");
    }
}
