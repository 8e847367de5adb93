using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Apps.Queries.ListApps;

/// <summary>All apps, or only <paramref name="OnlyApps"/> for a credential limited to some.</summary>
public sealed record ListAppsQuery(IReadOnlyList<long>? OnlyApps = null) : IRequest<IReadOnlyList<AppDto>>;

internal sealed class ListAppsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListAppsQuery, IReadOnlyList<AppDto>>
{
    private const string Sql = $"""
        SELECT {AppColumns.Select}
        FROM apps a
        WHERE CAST(@OnlyApps AS bigint[]) IS NULL OR a.id = ANY(@OnlyApps)
        ORDER BY a.id
        """;

    public async Task<IReadOnlyList<AppDto>> Handle(ListAppsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var apps = await connection.QueryAsync<AppDto>(new CommandDefinition(Sql, new { OnlyApps = request.OnlyApps?.ToArray() }, cancellationToken: cancellationToken));
        return apps.AsList();
    }
}
