using System.Text;
using Dapper;
using Faultline.Application.Common;
using Faultline.Application.Stats;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;

namespace Faultline.Application.Events.Queries.SearchEvents;

/// <summary>
/// Events of one app in a window, newest first, with optional levels, environment (<c>default</c> stands
/// for none) and a keyword found anywhere in the message (case-insensitive); beside them, the number of
/// matching events (exact) and the newest <see cref="ClusterSample"/> of them counted by fingerprint, the
/// biggest first (all of them when there are no more).
/// </summary>
public sealed record SearchEventsQuery(
    long AppId, TimeWindow Window, string? Environment, IReadOnlyList<Level> Levels, string? Keyword, int Limit) : IRequest<SearchResult>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxKeywordLength = 200;
    public const int MaxClusters = 50;

    /// <summary>How many of the newest matching events the clusters count (docs/decisions/0029).</summary>
    public const int ClusterSample = 10_000;

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

/// <param name="Hits">The newest matching events, up to the limit.</param>
/// <param name="Clusters">The biggest clusters among the <paramref name="Clustered"/> newest matching events.</param>
/// <param name="Total">Every matching event, counted exactly.</param>
/// <param name="Clustered">How many of the newest matching events the clusters count: the total, up to the sample's size.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, IReadOnlyList<SearchCluster> Clusters, long Total, long Clustered);

internal sealed class SearchEventsQueryHandler(IDbConnectionFactory database) : IRequestHandler<SearchEventsQuery, SearchResult>
{
    // What an event must hold besides its window, which each statement bounds its own way.
    private const string Matches = """
          AND (CAST(@Levels AS text[]) IS NULL OR e.level = ANY(@Levels))
          AND (CAST(@Environment AS text) IS NULL OR coalesce(e.environment, 'default') = @Environment)
          AND (CAST(@Keyword AS text) IS NULL OR strpos(lower(e.message), lower(@Keyword)) > 0)
        """;

    // A message holding the keyword makes the joined search text hold it too, so this condition only lets the
    // trigram index pick the candidates; the keyword is still matched on the message alone, as above. Without it,
    // a keyword no event holds reads every event of the window.
    private const string Indexed = "\n  AND " + EventFilterSql.SearchText + " ILIKE @KeywordPattern";

    private const string InWindow = "WHERE e.app_id = @AppId AND e.received_at >= @Since AND e.received_at < @Until\n" + Matches;

    private const string PageSql = """
        SELECT e.id AS Id, e.received_at AS ReceivedAt, e.level AS Level, e.message AS Message, e.kind AS Kind,
               e.environment AS Environment, e.release AS Release, e.tags::text AS Tags, e.fingerprint AS Fingerprint,
               e.group_id AS GroupId
        FROM events e
        {filter}
        ORDER BY e.received_at DESC, e.id DESC
        LIMIT @Limit
        """;

    private const string CountSql = "SELECT count(*) FROM events e\n{filter}";

    // The total without reading the matching events: whole days and hours from the message rollups, whose rows
    // hold each message's text (so the keyword is matched on exactly the text the events hold) with its level and
    // count, and the partial hours at the edges from the raw events (as GetTopMessagesQuery splits a window). The
    // rollups know no environment, so a namespace is counted on the raw events (CountSql).
    private const string RollupCountSql = """
        SELECT (
            SELECT coalesce(sum(d.count), 0)
            FROM message_counts_day d
            WHERE d.app_id = @AppId AND d.day >= @CoarseFrom AND d.day < @CoarseTo
              AND (CAST(@Levels AS text[]) IS NULL OR d.level = ANY(@Levels))
              AND (CAST(@Keyword AS text) IS NULL OR strpos(lower(d.message), lower(@Keyword)) > 0)
        ) + (
            SELECT coalesce(sum(m.count), 0)
            FROM message_counts_hour m
            WHERE m.app_id = @AppId
              AND ((m.hour >= @FineFrom AND m.hour < @CoarseFrom) OR (m.hour >= @CoarseTo AND m.hour < @FineTo))
              AND (CAST(@Levels AS text[]) IS NULL OR m.level = ANY(@Levels))
              AND (CAST(@Keyword AS text) IS NULL OR strpos(lower(m.message), lower(@Keyword)) > 0)
        ) + (
            SELECT count(*) FROM events e
            WHERE e.app_id = @AppId AND e.received_at >= @Since AND e.received_at < @FineFrom
              AND e.received_at >= (SELECT @Since) AND e.received_at < (SELECT @FineFrom)
            {matches}
        ) + (
            SELECT count(*) FROM events e
            WHERE e.app_id = @AppId AND e.received_at >= @FineTo AND e.received_at < @Until
              AND e.received_at >= (SELECT @FineTo) AND e.received_at < (SELECT @Until)
            {matches}
        )
        """;

    // The clusters count the newest matching events, at most ClusterSample of them: all of them when the total
    // allows (read through the trigram index, in no order), else the newest along (app_id, received_at), which stops
    // after the sample instead of reading tens of thousands of events (docs/decisions/0029).
    private const string ClustersSql = """
        SELECT s.fingerprint AS Fingerprint, max(s.group_id) AS GroupId, count(*) AS Count, min(s.message) AS SampleMessage
        FROM (
            SELECT e.fingerprint, e.group_id, e.message
            FROM events e
            {filter}
            {sample}
        ) AS s
        GROUP BY s.fingerprint
        ORDER BY count(*) DESC, s.fingerprint
        LIMIT @MaxClusters
        """;

    private const string Sample = "ORDER BY e.received_at DESC, e.id DESC\n    LIMIT @ClusterSample";

    public async Task<SearchResult> Handle(SearchEventsQuery request, CancellationToken cancellationToken)
    {
        var keyword = string.IsNullOrEmpty(request.Keyword) ? null : request.Keyword;
        // Only an ASCII keyword: lower() and ILIKE fold exactly alike there, so the extra condition never drops a match.
        var indexed = keyword is not null && Ascii.IsValid(keyword) && EventFilterSql.HasTrigram(keyword);
        var filter = indexed ? InWindow + Indexed : InWindow;
        var spans = RollupSpans.HoursAndDays(request.Window);
        var parameters = new DynamicParameters(StatsSql.Parameters(request.AppId, spans, level: null));
        parameters.AddDynamicParams(new
        {
            Levels = request.Levels.Count == 0 ? null : request.Levels.Select(level => level.Name()).ToArray(),
            request.Environment,
            Keyword = keyword,
            KeywordPattern = EventFilterSql.Contains(keyword),
            request.Limit,
            SearchEventsQuery.MaxClusters,
            SearchEventsQuery.ClusterSample,
        });
        var countSql = request.Environment is null
            ? RollupCountSql.Replace("{matches}", Matches, StringComparison.Ordinal)
            : CountSql.Replace("{filter}", filter, StringComparison.Ordinal);

        await using var connection = await database.OpenAsync(cancellationToken);
        var hits = (await connection.QueryAsync<SearchHit>(new CommandDefinition(
            PageSql.Replace("{filter}", filter, StringComparison.Ordinal), parameters, cancellationToken: cancellationToken))).AsList();
        // A page that is not full holds every match: that is the total, and a keyword that misses costs one query.
        var total = hits.Count < request.Limit
            ? hits.Count
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, cancellationToken: cancellationToken));
        if (total == 0)
        {
            return new SearchResult(hits, [], 0, 0);
        }

        var all = total <= SearchEventsQuery.ClusterSample;
        var clustersSql = ClustersSql.Replace("{filter}", all ? filter : InWindow, StringComparison.Ordinal)
            .Replace("{sample}", all ? string.Empty : Sample, StringComparison.Ordinal);
        var clusters = (await connection.QueryAsync<SearchCluster>(new CommandDefinition(
            clustersSql, parameters, cancellationToken: cancellationToken))).AsList();
        return new SearchResult(hits, clusters, total, Math.Min(total, SearchEventsQuery.ClusterSample));
    }
}
