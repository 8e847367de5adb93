using System.Net.Sockets;
using Npgsql;

namespace Faultline.Infrastructure.Database;

public enum DatabaseErrorKind
{
    /// <summary>Not a database error.</summary>
    None,

    /// <summary>PostgreSQL could not be reached or did not answer in time.</summary>
    Unavailable,

    /// <summary>PostgreSQL refused a value (SQLSTATE class 22, data exception): the client's input is at fault.</summary>
    InvalidData,
}

/// <summary>Classifies database failures so the API can answer 503 or 400 without knowing Npgsql.</summary>
public static class DatabaseErrors
{
    public static DatabaseErrorKind Classify(Exception exception) => exception switch
    {
        PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) => DatabaseErrorKind.InvalidData,
        // 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } => DatabaseErrorKind.Unavailable,
        PostgresException => DatabaseErrorKind.None,
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException or EndOfStreamException } => DatabaseErrorKind.Unavailable,
        NpgsqlException { IsTransient: true } => DatabaseErrorKind.Unavailable,
        TimeoutException or SocketException => DatabaseErrorKind.Unavailable,
        _ when exception.InnerException is not null => Classify(exception.InnerException),
        _ => DatabaseErrorKind.None,
    };
}
