using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Users;
using MediatR;

namespace Faultline.Application.Users.Commands.RegisterUser;

/// <summary>A new account with a password; the email must not be registered yet.</summary>
public sealed record RegisterUserCommand(EmailAddress Email, Password Password, string? FullName) : IRequest<UserDto>;

internal sealed class RegisterUserCommandHandler(IDbConnectionFactory database, IPasswordHasher hasher, IPasswordStrength strength)
    : IRequestHandler<RegisterUserCommand, UserDto>
{
    private const string Sql = $"""
        INSERT INTO users (email, password_hash, full_name) VALUES (@Email, @PasswordHash, @FullName)
        ON CONFLICT ((lower(email))) DO NOTHING
        RETURNING {UserSql.Columns}
        """;

    public async Task<UserDto> Handle(RegisterUserCommand request, CancellationToken cancellationToken)
    {
        var personal = new List<string> { request.Email.Value, request.Email.Value.Split('@')[0] };
        if (request.FullName is not null)
        {
            personal.AddRange(request.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        if (strength.Weakness(request.Password.Value, personal) is { } weakness)
        {
            throw DomainValidationException.ForField(Password.Field, weakness);
        }

        var hash = hasher.Hash(request.Password.Value);
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<UserDto>(new CommandDefinition(
            Sql, new { Email = request.Email.Value, PasswordHash = hash, request.FullName }, cancellationToken: cancellationToken));
        return user ?? throw new ConflictException(ErrorCodes.EmailTaken, "This email is already registered.");
    }
}
