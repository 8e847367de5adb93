using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using MediatR;

namespace Faultline.Application.Apps.Queries.FindAppByName;

/// <summary>
/// The id of the app with this name (compared without regard to case), if <paramref name="VisibleApps"/>
/// (null: all) includes it; otherwise 404 RESOURCE_NOT_FOUND, so an app of another tenant is not revealed.
/// </summary>
public sealed record FindAppByNameQuery(string Name, IReadOnlyList<long>? VisibleApps) : IRequest<long>;

internal sealed class FindAppByNameQueryHandler(IDbConnectionFactory database) : IRequestHandler<FindAppByNameQuery, long>
{
    private const string Sql = "SELECT id FROM apps WHERE lower(name) = lower(@Name)";

    public async Task<long> Handle(FindAppByNameQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Sql, new { request.Name }, cancellationToken: cancellationToken));
        return id is { } found && (request.VisibleApps is null || request.VisibleApps.Contains(found))
            ? found
            : throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No service named '{request.Name}'.");
    }
}
