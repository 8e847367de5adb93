using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Stats.Queries.GetTimeseries;

public sealed record GetTimeseriesQuery(long AppId, SeriesRequest Series, Level? Level) : IRequest<TimeseriesDto>;

public sealed class TimeseriesDto
{
    public string Interval { get; init; } = string.Empty;

    public DateTime Since { get; init; }

    public DateTime Until { get; init; }

    public IReadOnlyList<BucketCount> Series { get; init; } = [];
}

public sealed class BucketCount
{
    public DateTime BucketStart { get; init; }

    public long Count { get; init; }
}

internal sealed class GetTimeseriesQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetTimeseriesQuery, TimeseriesDto>
{
    // Buckets are wall-clock times in the zone (date_trunc on the local timestamp), so DAY, WEEK and
    // MONTH follow the zone's midnights. Local times that do not exist (the hour skipped when DST
    // starts) are left out of the dense series; a repeated hour is one bucket, as date_trunc has it.
    private const string Sql = $"""
        WITH buckets AS (
            {StatsSql.LocalBuckets}
        ), pieces AS (
            {StatsSql.CountPieces}
        ), counts AS (
            SELECT date_trunc(@Unit, at AT TIME ZONE @Zone) AS local_start, sum(n)::bigint AS n
            FROM pieces
            GROUP BY 1
        )
        SELECT b.local_start AT TIME ZONE @Zone AS BucketStart, coalesce(c.n, 0) AS Count
        FROM buckets b
        LEFT JOIN counts c ON c.local_start = b.local_start
        ORDER BY b.local_start
        """;

    public async Task<TimeseriesDto> Handle(GetTimeseriesQuery request, CancellationToken cancellationToken)
    {
        var series = request.Series;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        // An hourly row may be used only when it lies inside one output bucket.
        var spans = RollupSpans.MinutesAndHours(series.Window, series.Interval != Interval.Minute && series.Zone.HasWholeHourOffsets);
        var parameters = new DynamicParameters(StatsSql.Parameters(request.AppId, spans, request.Level?.Name()));
        parameters.AddDynamicParams(new { Unit = series.Interval.Unit(), Step = "1 " + series.Interval.Unit(), Zone = series.Zone.Id });
        var buckets = await connection.QueryAsync<BucketCount>(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));

        return new TimeseriesDto
        {
            Interval = series.Interval.Name(),
            Since = series.Window.Since.UtcDateTime,
            Until = series.Window.Until.UtcDateTime,
            Series = buckets.AsList(),
        };
    }
}
