using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Stats.Queries.GetTopMessages;

public sealed record GetTopMessagesQuery(long AppId, TimeWindow Window, int Limit, Level? Level) : IRequest<TopMessagesDto>
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
}

public sealed class TopMessagesDto
{
    public int Limit { get; init; }

    public IReadOnlyList<MessageCount> Items { get; init; } = [];
}

public sealed class MessageCount
{
    public string Message { get; init; } = string.Empty;

    public long Count { get; init; }

    public DateTime LastSeen { get; init; }
}

internal sealed class GetTopMessagesQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetTopMessagesQuery, TopMessagesDto>
{
    // Whole days come from the daily message rollup, the remaining whole hours from the hourly one, and
    // the partial hours at the edges are grouped from the raw events, hashed the same way (SHA-256 of the
    // UTF-8 text) so that all three meet in one group. The two edges are two range scans, not one OR:
    // with an OR PostgreSQL scans the app's whole day of events in the partition the edge falls in. Each
    // edge repeats its bounds through sub-selects so its plan does not follow the histogram (see StatsSql).
    private const string Sql = """
        WITH pieces AS (
            SELECT d.message_hash, d.message, d.count AS n, d.last_seen
            FROM message_counts_day d
            WHERE d.app_id = @AppId AND d.day >= @CoarseFrom AND d.day < @CoarseTo
              AND (CAST(@Level AS text) IS NULL OR d.level = @Level)
            UNION ALL
            SELECT m.message_hash, m.message, m.count, m.last_seen
            FROM message_counts_hour m
            WHERE m.app_id = @AppId
              AND ((m.hour >= @FineFrom AND m.hour < @CoarseFrom) OR (m.hour >= @CoarseTo AND m.hour < @FineTo))
              AND (CAST(@Level AS text) IS NULL OR m.level = @Level)
            UNION ALL
            SELECT sha256(convert_to(e.message, 'UTF8')), e.message, count(*), max(e.received_at)
            FROM (
                SELECT message, received_at FROM events
                WHERE app_id = @AppId AND received_at >= @Since AND received_at < @FineFrom
                  AND received_at >= (SELECT @Since) AND received_at < (SELECT @FineFrom)
                  AND (CAST(@Level AS text) IS NULL OR level = @Level)
                UNION ALL
                SELECT message, received_at FROM events
                WHERE app_id = @AppId AND received_at >= @FineTo AND received_at < @Until
                  AND received_at >= (SELECT @FineTo) AND received_at < (SELECT @Until)
                  AND (CAST(@Level AS text) IS NULL OR level = @Level)
            ) AS e
            GROUP BY e.message
        )
        SELECT min(message) AS Message, sum(n)::bigint AS Count, max(last_seen) AS LastSeen
        FROM pieces
        GROUP BY message_hash
        ORDER BY sum(n) DESC, max(last_seen) DESC, min(message)
        LIMIT @Limit
        """;

    public async Task<TopMessagesDto> Handle(GetTopMessagesQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.HoursAndDays(request.Window);
        var parameters = new DynamicParameters(StatsSql.Parameters(request.AppId, spans, request.Level?.Name()));
        parameters.Add("Limit", request.Limit);
        var items = await connection.QueryAsync<MessageCount>(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));

        return new TopMessagesDto { Limit = request.Limit, Items = items.AsList() };
    }
}
