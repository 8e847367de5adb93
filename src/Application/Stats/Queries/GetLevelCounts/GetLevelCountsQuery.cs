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
    private const string Sql = $"""
        WITH pieces AS (
            {StatsSql.CountPieces}
        )
        SELECT level AS Level, sum(n)::bigint AS Count
        FROM pieces
        GROUP BY level
        HAVING sum(n) > 0
        ORDER BY sum(n) DESC, level
        """;

    public async Task<LevelCountsDto> Handle(GetLevelCountsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.MinutesAndHours(request.Window, useHours: true);
        var items = await connection.QueryAsync<LevelCount>(new CommandDefinition(
            Sql, StatsSql.Parameters(request.AppId, spans, level: null), cancellationToken: cancellationToken));

        return new LevelCountsDto { Since = request.Window.Since.UtcDateTime, Until = request.Window.Until.UtcDateTime, Items = items.AsList() };
    }
}
