using System.Security.Cryptography;
using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Users;
using MediatR;

namespace Faultline.Application.Users.Commands.RequestSignInCode;

/// <summary>
/// Sends a six-digit code to the email, whether or not it belongs to a user (the answer is the same, so it
/// does not tell who has an account). At most <see cref="MaxPerWindow"/> codes per email per
/// <see cref="Window"/>; a code works once, for <see cref="Lifetime"/>.
/// </summary>
public sealed record RequestSignInCodeCommand(EmailAddress Email) : IRequest<Unit>;

internal sealed class RequestSignInCodeCommandHandler(IDbConnectionFactory database, ISignInCodeHasher hasher, ISignInCodeSender sender)
    : IRequestHandler<RequestSignInCodeCommand, Unit>
{
    public const int MaxPerWindow = 3;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Serialized per email (an advisory lock for the transaction), so that concurrent requests cannot all
    // see fewer than three codes.
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended(@Email, 0))";

    private const string RecentSql = """
        SELECT count(*), min(created_at) FROM sign_in_codes WHERE email = @Email AND created_at > now() - @Window
        """;

    private const string InsertSql = """
        INSERT INTO sign_in_codes (email, code_hash, expires_at) VALUES (@Email, @CodeHash, now() + @Lifetime)
        """;

    public async Task<Unit> Handle(RequestSignInCodeCommand request, CancellationToken cancellationToken)
    {
        var email = request.Email.Value.ToLowerInvariant();
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(LockSql, new { Email = email }, transaction, cancellationToken: cancellationToken));
        var (count, oldest) = await connection.QuerySingleAsync<(long, DateTime?)>(new CommandDefinition(
            RecentSql, new { Email = email, Window }, transaction, cancellationToken: cancellationToken));
        if (count >= MaxPerWindow)
        {
            var wait = (int)Math.Ceiling(((oldest ?? DateTime.UtcNow) + Window - DateTime.UtcNow).TotalSeconds);
            throw new RateLimitedException(
                $"At most {MaxPerWindow} codes are sent to one email every {Window.TotalMinutes:0} minutes. Retry after {Math.Max(1, wait)} seconds.", Math.Max(1, wait));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            InsertSql, new { Email = email, CodeHash = hasher.Hash(email, code), Lifetime }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        await sender.SendAsync(request.Email.Value, code, cancellationToken);
        return Unit.Value;
    }
}
