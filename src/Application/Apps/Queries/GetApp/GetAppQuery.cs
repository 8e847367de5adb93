using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Apps.Queries.GetApp;

public sealed record GetAppQuery(long AppId) : IRequest<AppDto>;

internal sealed class GetAppQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetAppQuery, AppDto>
{
    private const string Sql = $"""
        SELECT {AppColumns.Select}
        FROM apps a
        WHERE a.id = @AppId
        """;

    public async Task<AppDto> Handle(GetAppQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var app = await connection.QuerySingleOrDefaultAsync<AppDto>(
            new CommandDefinition(Sql, new { request.AppId }, cancellationToken: cancellationToken));
        return app ?? throw NotFoundException.App(request.AppId);
    }
}
