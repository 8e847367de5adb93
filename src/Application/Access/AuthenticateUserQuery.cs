using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Users;
using MediatR;

namespace Faultline.Application.Access;

/// <summary>
/// Who the user a valid token names is now: null once they are deactivated or deleted. Read on every
/// request (one indexed query), so a deactivation or a new app applies to the very next request on every
/// instance; a token carries only the user's id.
/// </summary>
public sealed record AuthenticateUserQuery(long UserId) : IRequest<Caller?>;

internal sealed class AuthenticateUserQueryHandler(IDbConnectionFactory database) : IRequestHandler<AuthenticateUserQuery, Caller?>
{
    private const string Sql = """
        SELECT u.email AS Email, u.role AS Role,
               ARRAY(SELECT a.id FROM apps a WHERE a.owner_user_id = u.id ORDER BY a.id) AS Apps
        FROM users u
        WHERE u.id = @UserId AND u.is_active
        """;

    public async Task<Caller?> Handle(AuthenticateUserQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<ActiveUser>(new CommandDefinition(Sql, new { request.UserId }, cancellationToken: cancellationToken));
        return user is null ? null : Caller.User(request.UserId, user.Email, user.Role == UserRoles.Admin, user.Apps);
    }

    private sealed class ActiveUser
    {
        public string Email { get; init; } = string.Empty;

        public string Role { get; init; } = string.Empty;

        public long[] Apps { get; init; } = [];
    }
}
