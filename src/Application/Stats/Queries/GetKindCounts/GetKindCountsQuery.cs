using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Stats.Queries.GetKindCounts;

/// <summary>
/// Counts per kind from the rollups and the raw edges, as by-level has them: what a dashboard shows beside the
/// level counts, at the cost of the rollups instead of the raw window the analytics summary reads.
/// </summary>
public sealed record GetKindCountsQuery(long AppId, TimeWindow Window) : IRequest<KindCountsDto>;

public sealed class KindCountsDto
{
    public DateTime Since { get; init; }

    public DateTime Until { get; init; }

    public long Total { get; init; }

    public IReadOnlyList<KindCount> Items { get; init; } = [];
}

public sealed class KindCount
{
    public string Kind { get; init; } = string.Empty;

    public long Count { get; init; }

    /// <summary>Share of the window's events, in percent.</summary>
    public double Percentage { get; init; }
}

internal sealed class GetKindCountsQueryHandler(IDbConnectionFactory database) : IRequestHandler<GetKindCountsQuery, KindCountsDto>
{
    private const string Sql = $"""
        WITH pieces AS (
            {StatsSql.CountPieces}
        )
        SELECT kind AS Kind, sum(n)::bigint AS Count
        FROM pieces
        GROUP BY kind
        HAVING sum(n) > 0
        ORDER BY sum(n) DESC, kind
        """;

    public async Task<KindCountsDto> Handle(GetKindCountsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.EnsureAppExistsAsync(request.AppId, cancellationToken);
        var spans = RollupSpans.MinutesAndHours(request.Window, useHours: true);
        var rows = (await connection.QueryAsync<(string Kind, long Count)>(new CommandDefinition(
            Sql, StatsSql.Parameters(request.AppId, spans, level: null), cancellationToken: cancellationToken))).AsList();
        var total = rows.Sum(row => row.Count);

        return new KindCountsDto
        {
            Since = request.Window.Since.UtcDateTime,
            Until = request.Window.Until.UtcDateTime,
            Total = total,
            Items = rows.Select(row => new KindCount { Kind = row.Kind, Count = row.Count, Percentage = row.Count * 100.0 / total }).ToList(),
        };
    }
}
