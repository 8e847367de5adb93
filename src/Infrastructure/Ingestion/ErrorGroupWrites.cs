using Faultline.Application.Groups;
using Faultline.Domain.Events;
using Npgsql;

namespace Faultline.Infrastructure.Ingestion;

/// <summary>
/// The error groups' part of an ingest write, in the same commit as the events. Before the events' insert, a
/// group the batch is the first to see gets its row (nothing else: an existing row is neither changed nor
/// locked), so that the insert can take each event's group id by (app_id, fingerprint). After the events and
/// the rollups come the counts: each group upserted (count, last and first seen, highest level, a resolved
/// group back to unresolved, marked regressed and when: regressed_at) with its hourly counts, then its distinct users. A busy group's
/// row is written by every commit: taking its lock last holds it only for the commit itself, not for the
/// whole write, which is what lets concurrent writers overlap. Rows are sorted so that they lock groups in one order.
/// </summary>
internal static class ErrorGroupWrites
{
    // A group seen for the first time: its row with no events yet; GroupsAndHoursSql counts them at the end. Groups that
    // exist are left out before the insert, which would otherwise draw an id from the sequence for each of them.
    private const string EnsureSql = """
        INSERT INTO error_groups (app_id, fingerprint, title, kind, level, count, first_seen, last_seen, sample_message)
        SELECT app_id, fingerprint, title, kind, level, 0, seen, seen, sample_message
        FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
             AS t (app_id, fingerprint, title, kind, level, seen, sample_message)
        WHERE NOT EXISTS (SELECT 1 FROM error_groups g WHERE g.app_id = t.app_id AND g.fingerprint = t.fingerprint)
        ORDER BY app_id, fingerprint
        ON CONFLICT (app_id, fingerprint) DO NOTHING
        """;

    // The groups' counts and their hourly counts in one statement: the hours take their group ids from the
    // groups' upsert, which has just locked those rows, instead of looking them up again (docs/decisions/0031).
    private const string GroupsAndHoursSql = """
        WITH counted AS (
            INSERT INTO error_groups AS g (app_id, fingerprint, title, kind, level, count, first_seen, last_seen, sample_message)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::timestamptz[], $9::text[])
            ON CONFLICT (app_id, fingerprint) DO UPDATE SET
                count = g.count + excluded.count,
                first_seen = least(g.first_seen, excluded.first_seen),
                last_seen = greatest(g.last_seen, excluded.last_seen),
                level = CASE WHEN array_position(ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], excluded.level)
                                > array_position(ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], g.level)
                             THEN excluded.level ELSE g.level END,
                sample_message = excluded.sample_message,
                status = CASE WHEN g.status = 'resolved' THEN 'unresolved' ELSE g.status END,
                regressed = g.regressed OR g.status = 'resolved',
                regressed_at = CASE WHEN g.status = 'resolved' THEN excluded.first_seen ELSE g.regressed_at END
            RETURNING g.id, g.app_id, g.fingerprint
        )
        INSERT INTO error_group_counts_hour AS c (group_id, hour, count)
        SELECT counted.id, t.hour, t.count
        FROM unnest($10::bigint[], $11::text[], $12::timestamptz[], $13::bigint[]) AS t (app_id, fingerprint, hour, count)
        JOIN counted ON counted.app_id = t.app_id AND counted.fingerprint = t.fingerprint
        ORDER BY counted.id, t.hour
        ON CONFLICT (group_id, hour) DO UPDATE SET count = c.count + excluded.count
        """;

    private const string UsersSql = """
        WITH added AS (
            INSERT INTO error_group_users (group_id, user_id)
            SELECT g.id, t.user_id
            FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t (app_id, fingerprint, user_id)
            JOIN error_groups g ON g.app_id = t.app_id AND g.fingerprint = t.fingerprint
            ORDER BY 1, 2
            ON CONFLICT DO NOTHING
            RETURNING group_id
        )
        UPDATE error_groups g SET users_affected = g.users_affected + a.added
        FROM (SELECT group_id, count(*) AS added FROM added GROUP BY group_id) AS a
        WHERE g.id = a.group_id
        """;

    /// <summary>The events among <paramref name="rows"/> that belong to a group.</summary>
    public static List<(long AppId, NewEvent Event, DateTime ReceivedAt)> Grouped(IEnumerable<(long AppId, NewEvent Event, DateTime ReceivedAt)> rows) =>
        rows.Where(row => row.Event.BelongsToGroup).ToList();

    /// <summary>
    /// Before the events' insert: the rows of the groups no commit has seen yet; null when this process has seen
    /// every one of them committed.
    /// </summary>
    public static NpgsqlBatchCommand? EnsureCommand(List<(long AppId, NewEvent Event, DateTime ReceivedAt)> grouped, KnownGroupRows known)
    {
        var firsts = grouped
            .Where(row => !known.HasGroup(row.AppId, row.Event.Fingerprint))
            .GroupBy(row => (row.AppId, row.Event.Fingerprint)).Select(group => group.First()).ToList();
        if (firsts.Count == 0)
        {
            return null;
        }

        return Command(
            EnsureSql,
            firsts.Select(row => row.AppId).ToArray(),
            firsts.Select(row => row.Event.Fingerprint).ToArray(),
            firsts.Select(row => row.Event.GroupTitle).ToArray(),
            firsts.Select(row => row.Event.Kind.Name()).ToArray(),
            firsts.Select(row => row.Event.Level.Name()).ToArray(),
            firsts.Select(row => row.ReceivedAt).ToArray(),
            firsts.Select(row => row.Event.Message).ToArray());
    }

    /// <summary>
    /// After the events and the rollups: the groups' counts, hourly counts and new users (those this process has not
    /// seen committed); none without grouped events.
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> CountCommands(List<(long AppId, NewEvent Event, DateTime ReceivedAt)> grouped, KnownGroupRows known)
    {
        if (grouped.Count == 0)
        {
            yield break;
        }

        var groups = grouped
            .GroupBy(row => (row.AppId, row.Event.Fingerprint))
            .Select(group => (group.Key, Rows: group.ToList()))
            .OrderBy(group => group.Key.AppId).ThenBy(group => group.Key.Fingerprint, StringComparer.Ordinal)
            .ToList();
        var first = groups.Select(group => group.Rows[0]).ToList();
        var latest = groups.Select(group => group.Rows.MaxBy(row => row.ReceivedAt)).ToList();
        var hours = grouped
            .GroupBy(row => (row.AppId, row.Event.Fingerprint, Hour: new DateTime(row.ReceivedAt.Ticks - (row.ReceivedAt.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc)))
            .Select(group => (group.Key, Count: (long)group.Count()))
            .ToList();
        yield return Command(
            GroupsAndHoursSql,
            groups.Select(group => group.Key.AppId).ToArray(),
            groups.Select(group => group.Key.Fingerprint).ToArray(),
            first.Select(row => row.Event.GroupTitle).ToArray(),
            first.Select(row => row.Event.Kind.Name()).ToArray(),
            groups.Select(group => group.Rows.Max(row => row.Event.Level).Name()).ToArray(),
            groups.Select(group => (long)group.Rows.Count).ToArray(),
            groups.Select(group => group.Rows.Min(row => row.ReceivedAt)).ToArray(),
            latest.Select(row => row.ReceivedAt).ToArray(),
            latest.Select(row => row.Event.Message).ToArray(),
            hours.Select(hour => hour.Key.AppId).ToArray(),
            hours.Select(hour => hour.Key.Fingerprint).ToArray(),
            hours.Select(hour => hour.Key.Hour).ToArray(),
            hours.Select(hour => hour.Count).ToArray());

        var users = grouped
            .Where(row => row.Event.Fields.UserId is not null && !known.HasUser(row.AppId, row.Event.Fingerprint, row.Event.Fields.UserId))
            .Select(row => (row.AppId, row.Event.Fingerprint, UserId: row.Event.Fields.UserId!))
            .Distinct()
            .ToList();
        if (users.Count > 0)
        {
            yield return Command(
                UsersSql,
                users.Select(user => user.AppId).ToArray(),
                users.Select(user => user.Fingerprint).ToArray(),
                users.Select(user => user.UserId).ToArray());
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] columns)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        }

        return command;
    }
}
