using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Requests.Queries.GetRequestSeries;

/// <summary>An app's API calls per bucket (count, errors, average latency); dense: empty buckets are there with 0.</summary>
public sealed record GetRequestSeriesQuery(long AppId, SeriesRequest Series) : IRequest<RequestSeriesDto>;

internal sealed class GetRequestSeriesQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetRequestSeriesQuery, RequestSeriesDto>
{
    // Buckets are wall-clock times in the zone, as in the event timeseries (StatsSql.LocalBuckets).
    private const string Sql = $"""
        WITH buckets AS (
            {Stats.StatsSql.LocalBuckets}
        ), pieces AS (
            {RequestStatsSql.Pieces}
        ), sums AS (
            SELECT date_trunc(@Unit, at AT TIME ZONE @Zone) AS local_start, sum(n)::bigint AS n, sum(errors)::bigint AS errors, sum(sum_ms) AS sum_ms
            FROM pieces
            GROUP BY 1
        )
        SELECT b.local_start AT TIME ZONE @Zone AS BucketStart, coalesce(s.n, 0) AS RequestCount, coalesce(s.errors, 0) AS ErrorCount,
               s.sum_ms / nullif(s.n, 0) AS AvgResponseTimeMs
        FROM buckets b
        LEFT JOIN sums s ON s.local_start = b.local_start
        ORDER BY b.local_start
        """;

    public async Task<RequestSeriesDto> Handle(GetRequestSeriesQuery request, CancellationToken cancellationToken)
    {
        var series = request.Series;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.MinutesAndHours(series.Window, series.Interval != Interval.Minute && series.Zone.HasWholeHourOffsets);
        var parameters = new DynamicParameters(RequestStatsSql.Parameters(request.AppId, spans));
        parameters.AddDynamicParams(new { Unit = series.Interval.Unit(), Step = "1 " + series.Interval.Unit(), Zone = series.Zone.Id });
        var buckets = await connection.QueryAsync<RequestBucketDto>(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));
        return new RequestSeriesDto
        {
            Interval = series.Interval.Name(),
            Since = series.Window.Since.UtcDateTime,
            Until = series.Window.Until.UtcDateTime,
            Series = buckets.AsList(),
        };
    }
}
