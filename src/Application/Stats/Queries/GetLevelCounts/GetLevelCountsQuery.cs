using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Stats.Queries.GetLevelCounts;

public sealed record GetLevelCountsQuery(long AppId, TimeWindow Window) : IRequest<LevelCountsDto>;

public sealed class LevelCountsDto
{
    public DateTime Since { get; init; }

    public DateTime Until { get; init; }

    public IReadOnlyList<LevelCount> Items { get; init; } = [];
}

public sealed class LevelCount
{
    public string Level { get; init; } = string.Empty;

    public long Count { get; init; }
}

internal sealed class GetLevelCountsQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetLevelCountsQuery, LevelCountsDto>
{
    private const string Sql = """
        SELECT level AS Level, count(*) AS Count
        FROM events
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
        GROUP BY level
        ORDER BY count(*) DESC, level
        """;

    public async Task<LevelCountsDto> Handle(GetLevelCountsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var items = await connection.QueryAsync<LevelCount>(new CommandDefinition(Sql, new
        {
            request.AppId,
            Since = request.Window.Since.UtcDateTime,
            Until = request.Window.Until.UtcDateTime,
        }, cancellationToken: cancellationToken));

        return new LevelCountsDto { Since = request.Window.Since.UtcDateTime, Until = request.Window.Until.UtcDateTime, Items = items.AsList() };
    }
}
