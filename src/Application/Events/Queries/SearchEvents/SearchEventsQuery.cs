using System.Text;
using Dapper;
using Faultline.Application.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Events.Queries.SearchEvents;

/// <summary>
/// Events of one app in a window, newest first, with optional levels, environment (<c>default</c> stands
/// for none) and a keyword found anywhere in the message (case-insensitive); beside them, the matching
/// events counted by fingerprint, the biggest first.
/// </summary>
public sealed record SearchEventsQuery(
    long AppId, TimeWindow Window, string? Environment, IReadOnlyList<Level> Levels, string? Keyword, int Limit) : IRequest<SearchResult>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxKeywordLength = 200;
    public const int MaxClusters = 50;

    /// <summary>How events without an environment are named and matched.</summary>
    public const string DefaultEnvironment = "default";
}

public sealed class SearchHit
{
    public long Id { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string Level { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string? Environment { get; init; }

    public string? Release { get; init; }

    public string? Tags { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>The event's error group: errors and events at WARNING or above have one.</summary>
    public long? GroupId { get; init; }
}

public sealed class SearchCluster
{
    public string Fingerprint { get; init; } = string.Empty;

    public long? GroupId { get; init; }

    public long Count { get; init; }

    public string SampleMessage { get; init; } = string.Empty;
}

public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, IReadOnlyList<SearchCluster> Clusters, long Total);

internal sealed class SearchEventsQueryHandler(IDbConnectionFactory database) : IRequestHandler<SearchEventsQuery, SearchResult>
{
    private const string Filter = """
        WHERE e.app_id = @AppId AND e.received_at >= @Since AND e.received_at < @Until
          AND (CAST(@Levels AS text[]) IS NULL OR e.level = ANY(@Levels))
          AND (CAST(@Environment AS text) IS NULL OR coalesce(e.environment, 'default') = @Environment)
          AND (CAST(@Keyword AS text) IS NULL OR strpos(lower(e.message), lower(@Keyword)) > 0)
        """;

    // A message holding the keyword makes the joined search text hold it too, so this condition only lets the
    // trigram index pick the candidates; the keyword is still matched on the message alone, as above. Without it,
    // a keyword no event holds reads every event of the window three times (the page, the clusters, the total).
    private const string IndexedFilter = Filter + "\n  AND " + EventFilterSql.SearchText + " ILIKE @KeywordPattern";

    private const string Statements = """
        SELECT e.id AS Id, e.received_at AS ReceivedAt, e.level AS Level, e.message AS Message, e.kind AS Kind,
               e.environment AS Environment, e.release AS Release, e.tags::text AS Tags, e.fingerprint AS Fingerprint,
               e.group_id AS GroupId
        FROM events e
        {filter}
        ORDER BY e.received_at DESC, e.id DESC
        LIMIT @Limit;
        SELECT e.fingerprint AS Fingerprint, max(e.group_id) AS GroupId, count(*) AS Count, min(e.message) AS SampleMessage
        FROM events e
        {filter}
        GROUP BY e.fingerprint
        ORDER BY count(*) DESC, e.fingerprint
        LIMIT @MaxClusters;
        SELECT count(*) FROM events e
        {filter}
        """;

    private static readonly string Sql = Statements.Replace("{filter}", Filter, StringComparison.Ordinal);

    private static readonly string IndexedSql = Statements.Replace("{filter}", IndexedFilter, StringComparison.Ordinal);

    public async Task<SearchResult> Handle(SearchEventsQuery request, CancellationToken cancellationToken)
    {
        var keyword = string.IsNullOrEmpty(request.Keyword) ? null : request.Keyword;
        // Only an ASCII keyword: lower() and ILIKE fold exactly alike there, so the extra condition never drops a match.
        var indexed = keyword is not null && Ascii.IsValid(keyword) && EventFilterSql.HasTrigram(keyword);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(indexed ? IndexedSql : Sql, new
        {
            request.AppId,
            Since = request.Window.Since.UtcDateTime,
            Until = request.Window.Until.UtcDateTime,
            Levels = request.Levels.Count == 0 ? null : request.Levels.Select(level => level.Name()).ToArray(),
            request.Environment,
            Keyword = keyword,
            KeywordPattern = EventFilterSql.Contains(keyword),
            request.Limit,
            SearchEventsQuery.MaxClusters,
        }, cancellationToken: cancellationToken));
        var hits = (await results.ReadAsync<SearchHit>()).AsList();
        var clusters = (await results.ReadAsync<SearchCluster>()).AsList();
        return new SearchResult(hits, clusters, await results.ReadSingleAsync<long>());
    }
}
