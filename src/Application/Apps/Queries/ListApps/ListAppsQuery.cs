using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Apps.Queries.ListApps;

public sealed record ListAppsQuery : IRequest<IReadOnlyList<AppDto>>;

internal sealed class ListAppsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListAppsQuery, IReadOnlyList<AppDto>>
{
    private const string Sql = """
        SELECT id AS Id, name AS Name, created_at AS CreatedAt
        FROM apps
        ORDER BY id
        """;

    public async Task<IReadOnlyList<AppDto>> Handle(ListAppsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var apps = await connection.QueryAsync<AppDto>(new CommandDefinition(Sql, cancellationToken: cancellationToken));
        return apps.AsList();
    }
}
