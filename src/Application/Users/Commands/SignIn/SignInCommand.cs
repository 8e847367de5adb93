using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Users.Commands.SignIn;

/// <summary>
/// Signs in with email and password. An unknown email, a wrong password, an account without a password
/// and a deactivated account all get the same answer after the same work (one Argon2id verification).
/// </summary>
public sealed record SignInCommand(string Email, string? Password) : IRequest<SignedInDto>;

internal sealed class SignInCommandHandler(IDbConnectionFactory database, IPasswordHasher hasher, IUserTokens tokens)
    : IRequestHandler<SignInCommand, SignedInDto>
{
    private const string Sql = $"""
        SELECT {UserSql.Columns}, password_hash AS PasswordHash
        FROM users
        WHERE lower(email) = lower(@Email)
        """;

    public async Task<SignedInDto> Handle(SignInCommand request, CancellationToken cancellationToken)
    {
        UserRow? user = null;
        if (request.Email.Length <= Domain.Users.EmailAddress.MaxLength)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            user = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(Sql, new { request.Email }, cancellationToken: cancellationToken));
        }

        // Verified even when there is nothing to verify against, so that timing does not tell which emails exist.
        var matches = hasher.Verify(request.Password ?? "no password given", user?.PasswordHash);
        if (user is null || !matches || request.Password is null || !user.IsActive)
        {
            throw new UnauthorizedException(ErrorCodes.InvalidCredentials, "Incorrect email or password.");
        }

        var token = tokens.Issue(user.Id, user.Email, user.Role);
        return new SignedInDto
        {
            Token = token.Token,
            ExpiresInSeconds = token.ExpiresInSeconds,
            User = new UserDto { Id = user.Id, Email = user.Email, FullName = user.FullName, Role = user.Role, IsActive = user.IsActive, CreatedAt = user.CreatedAt },
        };
    }

    private sealed class UserRow
    {
        public long Id { get; init; }

        public string Email { get; init; } = string.Empty;

        public string? FullName { get; init; }

        public string Role { get; init; } = string.Empty;

        public bool IsActive { get; init; }

        public DateTime CreatedAt { get; init; }

        public string? PasswordHash { get; init; }
    }
}
