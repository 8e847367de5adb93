using Dapper;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Common;
using Faultline.Domain.Apps;
using MediatR;

namespace Faultline.Application.Apps.Commands.EnsureDefaultApp;

/// <summary>The id of the user's app named "default", made now (without keys) if they have none.</summary>
public sealed record EnsureDefaultAppCommand(long UserId) : IRequest<long>;

internal sealed class EnsureDefaultAppCommandHandler(IDbConnectionFactory database) : IRequestHandler<EnsureDefaultAppCommand, long>
{
    public const string Name = "default";

    private const string Sql = """
        WITH made AS (
            INSERT INTO apps (name, owner_user_id, project_key) VALUES (@Name, @UserId, @ProjectKey)
            ON CONFLICT DO NOTHING
            RETURNING id
        )
        SELECT id FROM made
        UNION ALL
        SELECT id FROM apps WHERE owner_user_id = @UserId AND lower(name) = @Name
        LIMIT 1
        """;

    public async Task<long> Handle(EnsureDefaultAppCommand request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<long>(new CommandDefinition(
            Sql, new { Name, request.UserId, ProjectKey = CreateAppCommandHandler.ProjectKeyFor(AppName.Create(Name)) }, cancellationToken: cancellationToken));
    }
}
