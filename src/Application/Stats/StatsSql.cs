namespace Faultline.Application.Stats;

/// <summary>
/// The counting pieces shared by the timeseries, by-level and by-kind queries: rows (at, level, kind, n) from the hourly
/// and minute rollups and from the raw events at the window's edges, as <see cref="Faultline.Domain.Time.RollupSpans"/>
/// splits it. Summed, they equal count(*) over the raw events of the window.
/// </summary>
/// <remarks>
/// Each raw edge names its bounds twice: as values, so the planner keeps only the partition the edge falls
/// in, and through a sub-select, whose value the planner cannot see, so that it estimates the edge at its
/// default share of the app's rows in that partition instead of from the histogram. The histogram would
/// multiply the app's share by the share of the partition's rows in the edge's seconds, and in the
/// partition being written those seconds can hold another app's burst: 163,000 rows expected against 116
/// real turned a 0.1 ms index scan into a 59 ms scan of the app's whole day (docs/decisions/0012-statistics-plans.md).
/// An edge is at most a minute (an hour for top messages) of one app, which the index range always serves best.
/// </remarks>
internal static class StatsSql
{
    /// <summary>
    /// The dense series' buckets (local_start): wall-clock times in the zone (date_trunc on the local timestamp),
    /// so DAY, WEEK and MONTH follow the zone's midnights. Local times that do not exist (the hour skipped when
    /// DST starts) are left out; a repeated hour is one bucket, as date_trunc has it.
    /// </summary>
    public const string LocalBuckets = """
        SELECT local_start
        FROM generate_series(
            date_trunc(@Unit, CAST(@Since AS timestamptz) AT TIME ZONE @Zone),
            (CAST(@Until AS timestamptz) AT TIME ZONE @Zone) - interval '1 microsecond',
            CAST(@Step AS interval)) AS local_start
        WHERE (local_start AT TIME ZONE @Zone) AT TIME ZONE @Zone = local_start
        """;

    public const string CountPieces = """
        SELECT c.hour AS at, c.level, c.kind, c.count AS n
        FROM event_counts_hour c
        WHERE c.app_id = @AppId AND c.hour >= @CoarseFrom AND c.hour < @CoarseTo
          AND (CAST(@Level AS text) IS NULL OR c.level = @Level)
        UNION ALL
        SELECT c.minute, c.level, c.kind, c.count
        FROM event_counts_minute c
        WHERE c.app_id = @AppId AND c.minute >= @FineFrom AND c.minute < @CoarseFrom
          AND (CAST(@Level AS text) IS NULL OR c.level = @Level)
        UNION ALL
        SELECT c.minute, c.level, c.kind, c.count
        FROM event_counts_minute c
        WHERE c.app_id = @AppId AND c.minute >= @CoarseTo AND c.minute < @FineTo
          AND (CAST(@Level AS text) IS NULL OR c.level = @Level)
        UNION ALL
        SELECT e.received_at, e.level, e.kind, 1
        FROM events e
        WHERE e.app_id = @AppId AND e.received_at >= @Since AND e.received_at < @FineFrom
          AND e.received_at >= (SELECT @Since) AND e.received_at < (SELECT @FineFrom)
          AND (CAST(@Level AS text) IS NULL OR e.level = @Level)
        UNION ALL
        SELECT e.received_at, e.level, e.kind, 1
        FROM events e
        WHERE e.app_id = @AppId AND e.received_at >= @FineTo AND e.received_at < @Until
          AND e.received_at >= (SELECT @FineTo) AND e.received_at < (SELECT @Until)
          AND (CAST(@Level AS text) IS NULL OR e.level = @Level)
        """;

    public static object Parameters(long appId, Faultline.Domain.Time.RollupSpans spans, string? level) => new
    {
        AppId = appId,
        Since = spans.Since.UtcDateTime,
        Until = spans.Until.UtcDateTime,
        FineFrom = spans.FineFrom.UtcDateTime,
        FineTo = spans.FineTo.UtcDateTime,
        CoarseFrom = spans.CoarseFrom.UtcDateTime,
        CoarseTo = spans.CoarseTo.UtcDateTime,
        Level = level,
    };
}
