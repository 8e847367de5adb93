using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Apps.Queries.ListProjects;

/// <summary>The apps a user owns, newest first, with their project fields.</summary>
public sealed record ListProjectsQuery(long UserId) : IRequest<IReadOnlyList<ProjectDto>>;

internal sealed class ListProjectsQueryHandler(IDbConnectionFactory database) : IRequestHandler<ListProjectsQuery, IReadOnlyList<ProjectDto>>
{
    private const string Sql = $"SELECT {ProjectSql.Columns} FROM apps WHERE owner_user_id = @UserId ORDER BY id DESC";

    public async Task<IReadOnlyList<ProjectDto>> Handle(ListProjectsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ProjectDto>(new CommandDefinition(Sql, request, cancellationToken: cancellationToken))).AsList();
    }
}
