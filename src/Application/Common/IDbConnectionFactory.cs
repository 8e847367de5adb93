using System.Data.Common;

namespace Faultline.Application.Common;

/// <summary>Opens a connection to Faultline's database for one unit of work.</summary>
public interface IDbConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
