using System.Data.Common;
using Dapper;

namespace Faultline.Application.Common;

internal static class DbConnectionExtensions
{
    private const string AppExistsSql = """
        SELECT EXISTS (SELECT 1 FROM apps WHERE id = @AppId)
        """;

    /// <summary>Every read is scoped to one app; an unknown app is 404 APP_NOT_FOUND.</summary>
    public static async Task EnsureAppExistsAsync(this DbConnection connection, long appId, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(AppExistsSql, new { AppId = appId }, cancellationToken: cancellationToken));
        if (!exists)
        {
            throw NotFoundException.App(appId);
        }
    }
}
