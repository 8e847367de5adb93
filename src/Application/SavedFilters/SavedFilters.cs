using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.SavedFilters;

/// <summary>A saved search: its name and the filter as the client sent it (JSON).</summary>
public sealed class SavedFilterDto
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Filter { get; init; } = "{}";

    public DateTime CreatedAt { get; init; }
}

public sealed record SavedFilterPage(IReadOnlyList<SavedFilterDto> Items, long Total);

/// <summary>Saves a filter for a tenant; a name the tenant already uses (any case) is 409.</summary>
public sealed record CreateSavedFilterCommand(string Tenant, string Name, string FilterJson) : IRequest<SavedFilterDto>
{
    public const int MaxNameLength = 100;
}

internal sealed class CreateSavedFilterCommandHandler(IDbConnectionFactory database, IClock clock) : IRequestHandler<CreateSavedFilterCommand, SavedFilterDto>
{
    private const string Sql = """
        INSERT INTO saved_filters (tenant, name, filter, created_at)
        VALUES (@Tenant, @Name, CAST(@FilterJson AS jsonb), @CreatedAt)
        ON CONFLICT DO NOTHING
        RETURNING id AS Id, name AS Name, filter::text AS Filter, created_at AS CreatedAt
        """;

    public async Task<SavedFilterDto> Handle(CreateSavedFilterCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SavedFilterDto>(new CommandDefinition(
                   Sql, new { request.Tenant, request.Name, request.FilterJson, CreatedAt = clock.UtcNow.UtcDateTime }, cancellationToken: cancellationToken))
               ?? throw new ConflictException(ErrorCodes.FilterNameTaken, $"A filter named '{request.Name}' already exists.");
    }
}

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

/// <summary>Deletes one of the tenant's filters; another tenant's or an unknown one is 404.</summary>
public sealed record DeleteSavedFilterCommand(string Tenant, long Id) : IRequest<Unit>;

internal sealed class DeleteSavedFilterCommandHandler(IDbConnectionFactory database) : IRequestHandler<DeleteSavedFilterCommand, Unit>
{
    private const string Sql = "DELETE FROM saved_filters WHERE id = @Id AND tenant = @Tenant";

    public async Task<Unit> Handle(DeleteSavedFilterCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Sql, new { request.Id, request.Tenant }, cancellationToken: cancellationToken)) == 1
            ? Unit.Value
            : throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No filter {request.Id}.");
    }
}
