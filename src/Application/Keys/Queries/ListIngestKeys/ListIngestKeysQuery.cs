using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Keys.Queries.ListIngestKeys;

public sealed record ListIngestKeysQuery(long AppId) : IRequest<IReadOnlyList<IngestKeyDto>>;

internal sealed class ListIngestKeysQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListIngestKeysQuery, IReadOnlyList<IngestKeyDto>>
{
    private const string Sql = """
        SELECT id AS Id, name AS Name, prefix AS Prefix, created_at AS CreatedAt,
               last_used_at AS LastUsedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt,
               rate_limit_per_minute AS RateLimitPerMinute
        FROM ingest_keys
        WHERE app_id = @AppId
        ORDER BY id
        """;

    public async Task<IReadOnlyList<IngestKeyDto>> Handle(ListIngestKeysQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        return (await connection.QueryAsync<IngestKeyDto>(new CommandDefinition(Sql, new { request.AppId }, cancellationToken: cancellationToken))).AsList();
    }
}
