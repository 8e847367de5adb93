using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Health.Queries.CheckDatabase;

/// <summary>Asks PostgreSQL a trivial question; any failure means the database is not answering.</summary>
public sealed record CheckDatabaseQuery : IRequest<bool>;

internal sealed class CheckDatabaseQueryHandler(IDbConnectionFactory database) : IRequestHandler<CheckDatabaseQuery, bool>
{
    private const string Sql = "SELECT 1";

    public async Task<bool> Handle(CheckDatabaseQuery request, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(Sql, cancellationToken: cancellationToken)) == 1;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }
}
