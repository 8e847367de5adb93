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
        WHERE app_id = @AppId AND received_at >= @Since AND received_at < @Until
          AND (CAST(@Levels AS text[]) IS NULL OR level = ANY(@Levels))
          AND (CAST(@Environment AS text) IS NULL OR coalesce(environment, 'default') = @Environment)
          AND (CAST(@Keyword AS text) IS NULL OR strpos(lower(message), lower(@Keyword)) > 0)
        """;

    private const string Sql = """
        SELECT id AS Id, received_at AS ReceivedAt, level AS Level, message AS Message, kind AS Kind,
               environment AS Environment, release AS Release, tags::text AS Tags, fingerprint AS Fingerprint,
               group_id AS GroupId
        FROM events
        """ + "\n" + Filter + """

        ORDER BY received_at DESC, id DESC
        LIMIT @Limit;
        SELECT fingerprint AS Fingerprint, max(group_id) AS GroupId, count(*) AS Count, min(message) AS SampleMessage
        FROM events
        """ + "\n" + Filter + """

        GROUP BY fingerprint
        ORDER BY count(*) DESC, fingerprint
        LIMIT @MaxClusters;
        SELECT count(*) FROM events
        """ + "\n" + Filter;

    public async Task<SearchResult> Handle(SearchEventsQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new
        {
            request.AppId,
            Since = request.Window.Since.UtcDateTime,
            Until = request.Window.Until.UtcDateTime,
            Levels = request.Levels.Count == 0 ? null : request.Levels.Select(level => level.Name()).ToArray(),
            request.Environment,
            Keyword = string.IsNullOrEmpty(request.Keyword) ? null : request.Keyword,
            request.Limit,
            SearchEventsQuery.MaxClusters,
        }, cancellationToken: cancellationToken));
        var hits = (await results.ReadAsync<SearchHit>()).AsList();
        var clusters = (await results.ReadAsync<SearchCluster>()).AsList();
        return new SearchResult(hits, clusters, await results.ReadSingleAsync<long>());
    }
}
