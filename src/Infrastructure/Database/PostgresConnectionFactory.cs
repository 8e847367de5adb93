using System.Data.Common;
using Faultline.Application.Common;
using Npgsql;

namespace Faultline.Infrastructure.Database;

internal sealed class PostgresConnectionFactory(NpgsqlDataSource dataSource) : IDbConnectionFactory
{
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);
}
