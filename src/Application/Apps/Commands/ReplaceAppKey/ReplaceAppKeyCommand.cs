using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Common;
using Faultline.Application.Keys;
using Faultline.Application.Keys.Commands.CreateIngestKey;
using MediatR;

namespace Faultline.Application.Apps.Commands.ReplaceAppKey;

/// <summary>
/// Gives an app a single new ingest key: every live key of the app stops at once. For clients that know one
/// key per app (a Frontend Monitoring project's api_key); the canonical API rotates keys one by one.
/// </summary>
public sealed record ReplaceAppKeyCommand(long AppId) : IRequest<CreatedIngestKeyDto>;

internal sealed class ReplaceAppKeyCommandHandler(IDbConnectionFactory database, ISecretKeys secrets, IngestKeyCache keys)
    : IRequestHandler<ReplaceAppKeyCommand, CreatedIngestKeyDto>
{
    private const string RetireSql = """
        UPDATE ingest_keys
        SET revoked_at = now()
        WHERE app_id = @AppId AND (revoked_at IS NULL OR revoked_at > now())
        RETURNING key_hash
        """;

    public async Task<CreatedIngestKeyDto> Handle(ReplaceAppKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var retired = (await connection.QueryAsync<byte[]>(new CommandDefinition(RetireSql, request, transaction, cancellationToken: cancellationToken))).AsList();
        var replacement = await CreateIngestKeyCommandHandler.InsertAsync(
            connection, request.AppId, "default", null, null, secrets.Generate(CreateAppCommandHandler.IngestKeyPrefix), cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        foreach (var hash in retired)
        {
            keys.Forget(hash);
        }

        return replacement;
    }
}
