using System.Security.Cryptography;
using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Users;
using MediatR;

namespace Faultline.Application.Users.Commands.VerifySignInCode;

/// <summary>
/// Signs in with the latest code sent to the email: right, unused and unexpired, it is spent and the user
/// (created now at first sign-in, role USER) gets a token. A wrong code counts against the code; after
/// <see cref="MaxAttempts"/> wrong tries it is refused (429) even when right.
/// </summary>
public sealed record VerifySignInCodeCommand(EmailAddress Email, string Code) : IRequest<SignedInDto>;

internal sealed class VerifySignInCodeCommandHandler(IDbConnectionFactory database, ISignInCodeHasher hasher, IUserTokens tokens)
    : IRequestHandler<VerifySignInCodeCommand, SignedInDto>
{
    public const int MaxAttempts = 5;

    // The row is locked, so that two guesses at once cannot both pass the attempt count.
    private const string LatestSql = """
        SELECT id AS Id, code_hash AS CodeHash, attempts AS Attempts
        FROM sign_in_codes
        WHERE email = @Email AND used_at IS NULL AND expires_at > now()
        ORDER BY created_at DESC, id DESC
        LIMIT 1
        FOR UPDATE
        """;

    private const string WrongSql = "UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = @Id";

    private const string SpendSql = "UPDATE sign_in_codes SET used_at = now() WHERE id = @Id";

    // Two statements: the select sees the row the insert made (or the one already there).
    private const string UserSql = $"""
        INSERT INTO users (email) VALUES (@Email) ON CONFLICT ((lower(email))) DO NOTHING;
        SELECT {Users.UserSql.Columns} FROM users WHERE lower(email) = lower(@Email);
        """;

    public async Task<SignedInDto> Handle(VerifySignInCodeCommand request, CancellationToken cancellationToken)
    {
        var email = request.Email.Value.ToLowerInvariant();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var code = await connection.QuerySingleOrDefaultAsync<CodeRow>(new CommandDefinition(LatestSql, new { Email = email }, transaction, cancellationToken: cancellationToken))
            ?? throw Invalid();
        if (code.Attempts >= MaxAttempts)
        {
            throw new RateLimitedException("Too many wrong codes: request a new one.", (int)Commands.RequestSignInCode.RequestSignInCodeCommandHandler.Lifetime.TotalSeconds);
        }

        if (!CryptographicOperations.FixedTimeEquals(hasher.Hash(email, request.Code), code.CodeHash))
        {
            await connection.ExecuteAsync(new CommandDefinition(WrongSql, new { code.Id }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            throw Invalid();
        }

        await connection.ExecuteAsync(new CommandDefinition(SpendSql, new { code.Id }, transaction, cancellationToken: cancellationToken));
        var user = await connection.QuerySingleAsync<UserDto>(new CommandDefinition(UserSql, new { Email = request.Email.Value }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        if (!user.IsActive)
        {
            throw new UnauthorizedException(ErrorCodes.Unauthorized, "This account is deactivated.");
        }

        var token = tokens.Issue(user.Id, user.Email, user.Role);
        return new SignedInDto { Token = token.Token, ExpiresInSeconds = token.ExpiresInSeconds, User = user };
    }

    private static UnauthorizedException Invalid() => new(ErrorCodes.InvalidCode, "The code is wrong or has expired: request a new one.");

    private sealed class CodeRow
    {
        public long Id { get; init; }

        public byte[] CodeHash { get; init; } = [];

        public int Attempts { get; init; }
    }
}
