using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Keys.Queries.ListIngestKeys;

/// <summary>An app's keys, oldest first (or newest first), optionally only the live ones.</summary>
public sealed record ListIngestKeysQuery(long AppId, bool NewestFirst = false, bool LiveOnly = false) : IRequest<IReadOnlyList<IngestKeyDto>>;

internal sealed class ListIngestKeysQueryHandler(IDbConnectionFactory database, IngestKeyUsage usage) : IRequestHandler<ListIngestKeysQuery, IReadOnlyList<IngestKeyDto>>
{
    private const string Sql = $"""
        SELECT {IngestKeySql.Columns}
        FROM ingest_keys
        WHERE app_id = @AppId AND (NOT @LiveOnly OR {IngestKeySql.IsLive})
        ORDER BY CASE WHEN @NewestFirst THEN -id ELSE id END
        """;

    public async Task<IReadOnlyList<IngestKeyDto>> Handle(ListIngestKeysQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        await usage.FlushAsync(connection, cancellationToken);
        return (await connection.QueryAsync<IngestKeyDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))).AsList();
    }
}
