using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.SavedFilters.Commands.CreateSavedFilter;

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
