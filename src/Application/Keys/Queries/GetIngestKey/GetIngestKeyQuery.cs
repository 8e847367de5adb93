using Dapper;
using Faultline.Application.Access;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Keys.Queries.GetIngestKey;

/// <summary>One of an app's keys; a key of another app is as unknown as a key that never existed.</summary>
public sealed record GetIngestKeyQuery(long AppId, long KeyId) : IRequest<IngestKeyDto>;

internal sealed class GetIngestKeyQueryHandler(IDbConnectionFactory database, IngestKeyUsage usage) : IRequestHandler<GetIngestKeyQuery, IngestKeyDto>
{
    private const string Sql = $"SELECT {IngestKeySql.Columns} FROM ingest_keys WHERE id = @KeyId AND app_id = @AppId";

    public async Task<IngestKeyDto> Handle(GetIngestKeyQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await usage.FlushAsync(connection, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IngestKeyDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw NotFoundException.Key(request.AppId, request.KeyId);
    }
}
