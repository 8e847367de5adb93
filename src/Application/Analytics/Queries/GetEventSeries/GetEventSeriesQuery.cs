using System.Data.Common;
using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Events;
using Faultline.Application.Stats;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Analytics.Queries.GetEventSeries;

/// <summary>What each bucket's count is split by; <see cref="None"/> gives totals only.</summary>
public enum SeriesGroup
{
    None,
    Kind,
    Name,
}

/// <summary>
/// How receipt times fall into buckets: a calendar unit in a zone (date_trunc, as the statistics series), or a
/// fixed step counted from 2000-01-01T00:00Z (5 or 15 minutes, which no calendar unit gives).
/// </summary>
public sealed record SeriesBuckets(string Unit, string Zone, TimeSpan? Step)
{
    public static SeriesBuckets Calendar(Interval interval, BucketZone zone) => new(interval.Unit(), zone.Id, null);

    public static SeriesBuckets Every(TimeSpan step) => new("minute", BucketZone.Utc.Id, step);
}

/// <summary>
/// Counts of the events <see cref="Filter"/> selects per bucket of <see cref="Window"/>, split by kind or name,
/// in one app or several (null: every app), over the raw events. Dense: every bucket of the window appears;
/// otherwise only buckets with events, and without a window the filter's own since/until (if any) apply.
/// </summary>
public sealed record GetEventSeriesQuery(
    IReadOnlyList<long>? AppIds, EventFilter Filter, TimeWindow? Window, SeriesBuckets Buckets, SeriesGroup GroupBy, bool Dense)
    : IRequest<IReadOnlyList<SeriesBucket>>;

public sealed class SeriesBucket
{
    public DateTime BucketStart { get; init; }

    public long Total { get; set; }

    /// <summary>Count per kind or name (events without a name are in the total only).</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);
}

internal sealed class GetEventSeriesQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetEventSeriesQuery, IReadOnlyList<SeriesBucket>>
{
    private const string Origin = "TIMESTAMP '2000-01-01 00:00:00'";

    private const string Counts = $"""
        SELECT CASE WHEN CAST(@Step AS interval) IS NULL THEN date_trunc(@Unit, e.received_at AT TIME ZONE @Zone)
                    ELSE date_bin(@Step, e.received_at AT TIME ZONE @Zone, {Origin}) END AS local_start,
               CASE @GroupBy WHEN 'kind' THEN e.kind WHEN 'name' THEN e.name END AS grp,
               count(*) AS n
        FROM events e
        WHERE {EventFilterSql.Apps}
        {EventFilterSql.Conditions}
        GROUP BY 1, 2
        """;

    private const string SparseSql = $"""
        WITH counts AS ({Counts})
        SELECT local_start AT TIME ZONE @Zone AS BucketStart, grp AS Grp, n AS Count
        FROM counts
        ORDER BY local_start
        """;

    // Buckets are wall-clock times in the zone; local times that do not exist (the hour skipped when DST
    // starts) are left out, as in the statistics series.
    private const string DenseSql = $"""
        WITH buckets AS (
            SELECT local_start
            FROM generate_series(
                CASE WHEN CAST(@Step AS interval) IS NULL THEN date_trunc(@Unit, CAST(@Since AS timestamptz) AT TIME ZONE @Zone)
                     ELSE date_bin(@Step, CAST(@Since AS timestamptz) AT TIME ZONE @Zone, {Origin}) END,
                (CAST(@Until AS timestamptz) AT TIME ZONE @Zone) - interval '1 microsecond',
                coalesce(CAST(@Step AS interval), CAST('1 ' || @Unit AS interval))) AS local_start
            WHERE (local_start AT TIME ZONE @Zone) AT TIME ZONE @Zone = local_start
        ), counts AS ({Counts})
        SELECT b.local_start AT TIME ZONE @Zone AS BucketStart, c.grp AS Grp, coalesce(c.n, 0) AS Count
        FROM buckets b
        LEFT JOIN counts c ON c.local_start = b.local_start
        ORDER BY b.local_start
        """;

    // The same dense series from the count rollups (minutes and hours, kept by kind) and the raw events at the window's
    // edges, for one app's whole window in fixed steps of whole minutes: a week's hourly series reads 168 hourly rows
    // per level and kind instead of every event (docs/decisions/0037).
    private const string DenseRollupSql = $"""
        WITH buckets AS (
            SELECT local_start
            FROM generate_series(date_bin(@Step, CAST(@Since AS timestamptz) AT TIME ZONE 'UTC', {Origin}),
                                 (CAST(@Until AS timestamptz) AT TIME ZONE 'UTC') - interval '1 microsecond',
                                 CAST(@Step AS interval)) AS local_start
        ), pieces AS (
            {StatsSql.CountPieces}
        ), counts AS (
            SELECT date_bin(@Step, at AT TIME ZONE 'UTC', {Origin}) AS local_start, CASE @GroupBy WHEN 'kind' THEN kind END AS grp,
                   CAST(sum(n) AS bigint) AS n
            FROM pieces
            GROUP BY 1, 2
        )
        SELECT b.local_start AT TIME ZONE 'UTC' AS BucketStart, c.grp AS Grp, coalesce(c.n, 0) AS Count
        FROM buckets b
        LEFT JOIN counts c ON c.local_start = b.local_start
        ORDER BY b.local_start
        """;

    public async Task<IReadOnlyList<SeriesBucket>> Handle(GetEventSeriesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (request.AppIds is [var appId])
        {
            await connection.EnsureAppExistsAsync(appId, cancellationToken);
        }

        if (request.Dense && request.Window is null)
        {
            throw new ArgumentException("A dense series needs a window.", nameof(request));
        }

        var filter = request.Window is { } window ? request.Filter with { Since = window.Since, Until = window.Until } : request.Filter;
        var groupBy = request.GroupBy switch { SeriesGroup.Kind => "kind", SeriesGroup.Name => "name", _ => "none" };
        var rows = request is { Dense: true, AppIds: [var onlyApp], Window: { } whole, Buckets.Step: { } step, GroupBy: not SeriesGroup.Name }
                   && request.Filter with { Since = null, Until = null } == EventFilter.None
                   && request.Buckets.Zone == BucketZone.Utc.Id && step.Ticks % TimeSpan.TicksPerMinute == 0
            ? await FromRollupsAsync(connection, onlyApp, whole, step, groupBy, cancellationToken)
            : await FromEventsAsync(connection, request, filter, groupBy, cancellationToken);

        var buckets = new List<SeriesBucket>();
        foreach (var row in rows)
        {
            if (buckets.Count == 0 || buckets[^1].BucketStart != row.BucketStart)
            {
                buckets.Add(new SeriesBucket { BucketStart = row.BucketStart });
            }

            var bucket = buckets[^1];
            bucket.Total += row.Count;
            if (row.Grp is not null)
            {
                bucket.Counts[row.Grp] = row.Count;
            }
        }

        return buckets;
    }

    private static Task<IEnumerable<Row>> FromEventsAsync(
        DbConnection connection, GetEventSeriesQuery request, EventFilter filter, string groupBy, CancellationToken cancellationToken)
    {
        var parameters = EventFilterSql.Parameters(filter, request.AppIds);
        parameters.AddDynamicParams(new { request.Buckets.Unit, request.Buckets.Zone, request.Buckets.Step, GroupBy = groupBy });
        return connection.QueryAsync<Row>(new CommandDefinition(request.Dense ? DenseSql : SparseSql, parameters, cancellationToken: cancellationToken));
    }

    private static Task<IEnumerable<Row>> FromRollupsAsync(
        DbConnection connection, long appId, TimeWindow window, TimeSpan step, string groupBy, CancellationToken cancellationToken)
    {
        // An hourly row may be used only when it lies inside one bucket: steps of whole hours, counted from midnight.
        var spans = RollupSpans.MinutesAndHours(window, step.Ticks % TimeSpan.TicksPerHour == 0);
        var parameters = new DynamicParameters(StatsSql.Parameters(appId, spans, level: null));
        parameters.AddDynamicParams(new { Step = step, GroupBy = groupBy });
        return connection.QueryAsync<Row>(new CommandDefinition(DenseRollupSql, parameters, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public DateTime BucketStart { get; init; }

        public string? Grp { get; init; }

        public long Count { get; init; }
    }
}
