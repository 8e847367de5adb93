using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Users.Commands.UpdateUser;

/// <summary>Changes a user's role and/or deactivates (or reactivates) them; null leaves a value as it is.</summary>
public sealed record UpdateUserCommand(long UserId, string? Role, bool? IsActive) : IRequest<UserDto>;

internal sealed class UpdateUserCommandHandler(IDbConnectionFactory database) : IRequestHandler<UpdateUserCommand, UserDto>
{
    // Signed-in requests read the user on every call, so a deactivation applies to the very next request.
    private const string Sql = $"""
        UPDATE users SET role = coalesce(@Role, role), is_active = coalesce(@IsActive, is_active)
        WHERE id = @UserId
        RETURNING {UserSql.Columns}
        """;

    public async Task<UserDto> Handle(UpdateUserCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.UserNotFound, $"User {request.UserId} does not exist.");
    }
}
