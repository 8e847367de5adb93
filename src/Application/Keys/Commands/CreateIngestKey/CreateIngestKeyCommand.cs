using Dapper;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Common;
using Faultline.Domain.Keys;
using MediatR;

namespace Faultline.Application.Keys.Commands.CreateIngestKey;

public sealed record CreateIngestKeyCommand(long AppId, KeyName Name, DateTimeOffset? ExpiresAt) : IRequest<CreatedIngestKeyDto>;

internal sealed class CreateIngestKeyCommandHandler(IDbConnectionFactory database, ISecretKeys secrets)
    : IRequestHandler<CreateIngestKeyCommand, CreatedIngestKeyDto>
{
    private const string Sql = """
        INSERT INTO ingest_keys (app_id, name, key_hash, prefix, expires_at)
        VALUES (@AppId, @Name, @KeyHash, @Prefix, @ExpiresAt)
        RETURNING id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, expires_at AS ExpiresAt
        """;

    public async Task<CreatedIngestKeyDto> Handle(CreateIngestKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var key = secrets.Generate(CreateAppCommandHandler.IngestKeyPrefix);
        return await InsertAsync(connection, request.AppId, request.Name.Value, request.ExpiresAt, key, cancellationToken);
    }

    internal static async Task<CreatedIngestKeyDto> InsertAsync(
        System.Data.Common.DbConnection connection, long appId, string name, DateTimeOffset? expiresAt, GeneratedSecret key,
        CancellationToken cancellationToken, System.Data.Common.DbTransaction? transaction = null)
    {
        var row = await connection.QuerySingleAsync<IngestKeyDto>(new CommandDefinition(Sql, new
        {
            AppId = appId,
            Name = name,
            KeyHash = key.Hash,
            Prefix = key.DisplayPrefix,
            ExpiresAt = expiresAt?.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        return new CreatedIngestKeyDto
        {
            Id = row.Id, Name = row.Name, Key = key.Key, Prefix = row.Prefix, CreatedAt = row.CreatedAt, ExpiresAt = row.ExpiresAt,
        };
    }
}
