using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.SavedFilters.Queries.ListSavedFilters;

/// <summary>A tenant's filters by name, a page at a time.</summary>
public sealed record ListSavedFiltersQuery(string Tenant, Paging Paging) : IRequest<SavedFilterPage>;

internal sealed class ListSavedFiltersQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListSavedFiltersQuery, SavedFilterPage>
{
    private const string Sql = """
        SELECT id AS Id, name AS Name, filter::text AS Filter, created_at AS CreatedAt
        FROM saved_filters WHERE tenant = @Tenant
        ORDER BY lower(name), id
        LIMIT @Limit OFFSET @Offset;
        SELECT count(*) FROM saved_filters WHERE tenant = @Tenant;
        """;

    public async Task<SavedFilterPage> Handle(ListSavedFiltersQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Sql, new { request.Tenant, request.Paging.Limit, request.Paging.Offset }, cancellationToken: cancellationToken));
        var items = (await results.ReadAsync<SavedFilterDto>()).AsList();
        return new SavedFilterPage(items, await results.ReadSingleAsync<long>());
    }
}
