namespace Faultline.Application.Stats;

/// <summary>
/// The counting pieces shared by the timeseries and by-level queries: rows (at, level, n) from the hourly
/// and minute rollups and from the raw events at the window's edges, as <see cref="Faultline.Domain.Time.RollupSpans"/>
/// splits it. Summed, they equal count(*) over the raw events of the window.
/// </summary>
internal static class StatsSql
{
    public const string CountPieces = """
        SELECT c.hour AS at, c.level, c.count AS n
        FROM event_counts_hour c
        WHERE c.app_id = @AppId AND c.hour >= @CoarseFrom AND c.hour < @CoarseTo
          AND (CAST(@Level AS text) IS NULL OR c.level = @Level)
        UNION ALL
        SELECT c.minute, c.level, c.count
        FROM event_counts_minute c
        WHERE c.app_id = @AppId AND c.minute >= @FineFrom AND c.minute < @CoarseFrom
          AND (CAST(@Level AS text) IS NULL OR c.level = @Level)
        UNION ALL
        SELECT c.minute, c.level, c.count
        FROM event_counts_minute c
        WHERE c.app_id = @AppId AND c.minute >= @CoarseTo AND c.minute < @FineTo
          AND (CAST(@Level AS text) IS NULL OR c.level = @Level)
        UNION ALL
        SELECT e.received_at, e.level, 1
        FROM events e
        WHERE e.app_id = @AppId AND e.received_at >= @Since AND e.received_at < @FineFrom
          AND (CAST(@Level AS text) IS NULL OR e.level = @Level)
        UNION ALL
        SELECT e.received_at, e.level, 1
        FROM events e
        WHERE e.app_id = @AppId AND e.received_at >= @FineTo AND e.received_at < @Until
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
