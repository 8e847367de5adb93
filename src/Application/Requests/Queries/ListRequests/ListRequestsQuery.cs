using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Requests.Queries.ListRequests;

/// <summary>An app's reported API calls, newest first, a page at a time.</summary>
public sealed record ListRequestsQuery(long AppId, int Skip, int Limit) : IRequest<IReadOnlyList<RequestDto>>;

internal sealed class ListRequestsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListRequestsQuery, IReadOnlyList<RequestDto>>
{
    private const string Sql = """
        SELECT id AS Id, http_path AS UrlPath, http_method AS Method, status_code AS ResponseStatusCode,
               duration_ms AS ResponseTimeMs, user_agent AS UserAgent, tags ->> 'ip_hash' AS IpHash, received_at AS Timestamp
        FROM events
        WHERE app_id = @AppId AND kind = 'request'
        ORDER BY received_at DESC, id DESC
        OFFSET @Skip LIMIT @Limit
        """;

    public async Task<IReadOnlyList<RequestDto>> Handle(ListRequestsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RequestDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))).AsList();
    }
}
