using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>LogHunter's API wraps every success in <c>{"data": ...}</c>.</summary>
public sealed class DataEnvelope<T>
{
    public required T Data { get; init; }
}

/// <summary>A page of a collection: <c>{"data": [...], "meta": {page, limit, total, has_next}}</c>.</summary>
public sealed class PageEnvelope<T>
{
    public required IReadOnlyList<T> Data { get; init; }

    public required PageMeta Meta { get; init; }
}

public sealed class PageMeta
{
    public int Page { get; init; }

    public int Limit { get; init; }

    public long Total { get; init; }

    public bool HasNext { get; init; }
}

/// <summary>LogHunter's page/limit paging: page from 1, limit 20 by default and at most 100.</summary>
public static class LogHunterPaging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static Paging Create(int? page, int? limit)
    {
        if (page is < 1)
        {
            throw DomainValidationException.ForField("Page", $"{FieldError.FieldToken} must be 1 or more.");
        }

        var paging = Paging.Create(limit, 0, DefaultLimit, MaxLimit);
        return paging with { Offset = (long)((page ?? 1) - 1) * paging.Limit };
    }

    public static PageEnvelope<T> Envelope<T>(IReadOnlyList<T> items, Paging paging, long total) => new()
    {
        Data = items,
        Meta = new PageMeta
        {
            Page = (int)(paging.Offset / paging.Limit) + 1,
            Limit = paging.Limit,
            Total = total,
            HasNext = paging.Offset + items.Count < total,
        },
    };
}

/// <summary>What a saved filter holds; the same fields as a search.</summary>
public sealed class FilterBody
{
    public string? Service { get; init; }

    public string? Namespace { get; init; }

    public IReadOnlyList<string>? Levels { get; init; }

    public string? Keyword { get; init; }

    public string? Since { get; init; }
}

public sealed class CreateFilterRequest
{
    public string? Name { get; init; }

    public FilterBody? Filter { get; init; }
}

public sealed class FilterResponse
{
    public long Id { get; init; }

    public required string Name { get; init; }

    public required FilterBody Filter { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>What every request about a window names: the service, the namespace, and since or start/end.</summary>
public abstract class WindowRequest
{
    public string? Service { get; init; }

    public string? Namespace { get; init; }

    /// <summary>A look-back: 30m, 2h, 1d, 7d.</summary>
    public string? Since { get; init; }

    /// <summary>RFC 3339, instead of since.</summary>
    public string? Start { get; init; }

    /// <summary>RFC 3339; now when absent.</summary>
    public string? End { get; init; }
}

public sealed class SearchRequest : WindowRequest
{
    public IReadOnlyList<string>? Levels { get; init; }

    public string? Keyword { get; init; }

    public int? Limit { get; init; }
}

public sealed class SearchResponse
{
    public required IReadOnlyList<SearchResultLine> Results { get; init; }

    /// <summary>The biggest clusters (at most 50) among the newest <see cref="ClusteredLines"/> matching lines.</summary>
    public required IReadOnlyList<SearchClusterResponse> Clusters { get; init; }

    /// <summary>Every matching line, counted exactly.</summary>
    public long Total { get; init; }

    /// <summary>How many of the newest matching lines the clusters count: all of them, up to 10,000.</summary>
    public long ClusteredLines { get; init; }
}

public sealed class SearchResultLine
{
    public long Id { get; init; }

    public DateTime Timestamp { get; init; }

    public required string Level { get; init; }

    public required string Message { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The event's error group (errors and events at WARNING or above); null for the others.</summary>
    public long? ClusterId { get; init; }
}

public sealed class SearchClusterResponse
{
    /// <summary>The cluster's error group; null for events below WARNING that are not errors (they meet by fingerprint).</summary>
    public long? ClusterId { get; init; }

    public required string Fingerprint { get; init; }

    public long Count { get; init; }

    public required string SampleMessage { get; init; }
}

public sealed class HealthData
{
    public required string Status { get; init; }

    public required HealthChecks Checks { get; init; }
}

public sealed class HealthChecks
{
    public required string Database { get; init; }

    public required string AiProvider { get; init; }
}
