using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>Daily partitions of the events table, [day, day + 1) in UTC, named events_pYYYYMMDD.</summary>
public sealed class PartitionManager(NpgsqlDataSource dataSource)
{
    // Instances creating the same partition at once would race in the catalog (IF NOT EXISTS checks
    // before it inserts); a transaction-scoped advisory lock per day makes them take turns instead.
    private const string CreateSql = "SELECT pg_advisory_xact_lock(@Key); ";
    private readonly ConcurrentDictionary<DateOnly, bool> _known = new();

    public static string NameOf(DateOnly day) => "events_p" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Creates the partitions for these days unless this process already knows they exist.</summary>
    public async Task EnsureAsync(IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        foreach (var day in days.Where(day => !_known.ContainsKey(day)).Distinct())
        {
            await CreateAsync(day, cancellationToken);
            _known[day] = true;
        }
    }

    public void Forget(DateOnly day) => _known.TryRemove(day, out _);

    private async Task CreateAsync(DateOnly day, CancellationToken cancellationToken)
    {
        // Identifiers and bounds come from a DateOnly, never from input, so formatting them in is safe.
        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sql = $"CREATE TABLE IF NOT EXISTS {NameOf(day)} PARTITION OF events FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(CreateSql + sql, connection, transaction))
        {
            command.Parameters.AddWithValue("Key", LockKey(day));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // "FaultPrt" in the high bytes, the day number in the low ones: one lock per day, apart from other locks.
    private static long LockKey(DateOnly day) => 0x4661756c74507274 ^ day.DayNumber;
}
