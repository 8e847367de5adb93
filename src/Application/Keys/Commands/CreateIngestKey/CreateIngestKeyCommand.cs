using Dapper;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Common;
using Faultline.Domain.Keys;
using MediatR;

namespace Faultline.Application.Keys.Commands.CreateIngestKey;

public sealed record CreateIngestKeyCommand(long AppId, KeyName Name, DateTimeOffset? ExpiresAt, int? RateLimitPerMinute = null) : IRequest<CreatedIngestKeyDto>;

internal sealed class CreateIngestKeyCommandHandler(IDbConnectionFactory database, ISecretKeys secrets)
    : IRequestHandler<CreateIngestKeyCommand, CreatedIngestKeyDto>
{
    private const string Sql = """
        INSERT INTO ingest_keys (app_id, name, key_hash, prefix, expires_at, rate_limit_per_minute)
        VALUES (@AppId, @Name, @KeyHash, @Prefix, @ExpiresAt, @RateLimitPerMinute)
        RETURNING id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt, expires_at AS ExpiresAt,
                  rate_limit_per_minute AS RateLimitPerMinute
        """;

    public async Task<CreatedIngestKeyDto> Handle(CreateIngestKeyCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var key = secrets.Generate(CreateAppCommandHandler.IngestKeyPrefix);
        return await InsertAsync(connection, request.AppId, request.Name.Value, request.ExpiresAt, request.RateLimitPerMinute, key, cancellationToken);
    }

    internal static async Task<CreatedIngestKeyDto> InsertAsync(
        System.Data.Common.DbConnection connection, long appId, string name, DateTimeOffset? expiresAt, int? rateLimitPerMinute, GeneratedSecret key,
        CancellationToken cancellationToken, System.Data.Common.DbTransaction? transaction = null)
    {
        var row = await connection.QuerySingleAsync<IngestKeyDto>(new CommandDefinition(Sql, new
        {
            AppId = appId,
            Name = name,
            KeyHash = key.Hash,
            Prefix = key.DisplayPrefix,
            ExpiresAt = expiresAt?.UtcDateTime,
            RateLimitPerMinute = rateLimitPerMinute,
        }, transaction, cancellationToken: cancellationToken));
        return new CreatedIngestKeyDto
        {
            Id = row.Id, Name = row.Name, Key = key.Key, Prefix = row.Prefix, CreatedAt = row.CreatedAt, ExpiresAt = row.ExpiresAt,
            RateLimitPerMinute = row.RateLimitPerMinute,
        };
    }
}
