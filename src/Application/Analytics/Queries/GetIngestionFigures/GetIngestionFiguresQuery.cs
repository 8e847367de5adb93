using Dapper;
using Faultline.Application.Common;
using MediatR;

namespace Faultline.Application.Analytics.Queries.GetIngestionFigures;

/// <summary>An app's ingestion since it was created, and its rate now.</summary>
public sealed record GetIngestionFiguresQuery(long AppId) : IRequest<IngestionFiguresDto>
{
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(60);
}

public sealed class IngestionFiguresDto
{
    /// <summary>Events stored, all time, including those retention removed since.</summary>
    public long TotalIngested { get; init; }

    /// <summary>Events refused as duplicates of an event_id the app had sent before.</summary>
    public long Duplicates { get; init; }

    /// <summary>Events stored per second over the last 60 seconds.</summary>
    public double IngestionRate { get; init; }

    public DateTime Timestamp { get; init; }
}

internal sealed class GetIngestionFiguresQueryHandler(IDbConnectionFactory database, IClock clock)
    : IRequestHandler<GetIngestionFiguresQuery, IngestionFiguresDto>
{
    // The rate counts the raw events of the last minute; its bounds are repeated through sub-selects so the
    // planner reads one app's short range by index whatever another app's burst did to the histogram (0012).
    private const string Sql = """
        SELECT coalesce((SELECT ingested FROM app_ingestion WHERE app_id = @AppId), 0) AS TotalIngested,
               coalesce((SELECT duplicates FROM app_ingestion WHERE app_id = @AppId), 0) AS Duplicates,
               (SELECT count(*) FROM events e
                WHERE e.app_id = @AppId AND e.received_at >= @From AND e.received_at < @To
                  AND e.received_at >= (SELECT @From) AND e.received_at < (SELECT @To)) AS Recent
        """;

    public async Task<IngestionFiguresDto> Handle(GetIngestionFiguresQuery request, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(Sql, new
        {
            request.AppId,
            From = (now - GetIngestionFiguresQuery.RateWindow).UtcDateTime,
            To = now.UtcDateTime.AddMilliseconds(1), // the window ends at now, included (PostgreSQL keeps microseconds)
        }, cancellationToken: cancellationToken));
        return new IngestionFiguresDto
        {
            TotalIngested = row.TotalIngested,
            Duplicates = row.Duplicates,
            IngestionRate = row.Recent / GetIngestionFiguresQuery.RateWindow.TotalSeconds,
            Timestamp = now.UtcDateTime,
        };
    }

    private sealed class Row
    {
        public long TotalIngested { get; init; }

        public long Duplicates { get; init; }

        public long Recent { get; init; }
    }
}
