using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Queries.GetProject;

/// <summary>An app by its id or by its project key (exactly one of them).</summary>
public sealed record GetProjectQuery(long? AppId = null, string? ProjectKey = null) : IRequest<ProjectDto>;

internal sealed class GetProjectQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetProjectQuery, ProjectDto>
{
    private const string Sql = $"""
        SELECT {ProjectSql.Columns} FROM apps
        WHERE (@AppId IS NOT NULL AND id = @AppId) OR (@ProjectKey IS NOT NULL AND project_key = @ProjectKey)
        """;

    public async Task<ProjectDto> Handle(GetProjectQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ProjectDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))
            ?? throw new NotFoundException(ErrorCodes.AppNotFound, request.ProjectKey is null ? $"App {request.AppId} does not exist." : "No such project.");
    }
}
