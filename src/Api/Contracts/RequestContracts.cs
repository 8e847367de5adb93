namespace Faultline.Api.Contracts;

/// <summary>API calls over a window; times in milliseconds (null without calls), percentiles within 1% of exact.</summary>
public sealed class RequestSummaryResponse
{
    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    public long RequestCount { get; set; }

    public long ErrorCount { get; set; }

    /// <summary>Percent of calls answered 400 or more, two decimals.</summary>
    public double ErrorRate { get; set; }

    public double? AvgResponseTimeMs { get; set; }

    public double? FastestRequestMs { get; set; }

    public double? SlowestRequestMs { get; set; }

    public double? P50ResponseTimeMs { get; set; }

    public double? P95ResponseTimeMs { get; set; }

    public double? P99ResponseTimeMs { get; set; }

    public double RequestsPerMinute { get; set; }
}

public sealed class RequestTimeseriesResponse
{
    public string Interval { get; set; } = string.Empty;

    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    public IReadOnlyList<RequestBucketResponse> Series { get; set; } = [];
}

/// <summary>One bucket of a request series: calls, errors, average and p50/p95/p99 latency.</summary>
public sealed class RequestBucketResponse
{
    public DateTime BucketStart { get; set; }

    public long RequestCount { get; set; }

    public long ErrorCount { get; set; }

    public double? AvgResponseTimeMs { get; set; }

    /// <summary>From the bucket's latency histogram, within 1% of exact; null for an empty bucket.</summary>
    public double? P50ResponseTimeMs { get; set; }

    public double? P95ResponseTimeMs { get; set; }

    public double? P99ResponseTimeMs { get; set; }
}

public sealed class RequestEndpointsResponse
{
    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    public IReadOnlyList<EndpointStatsResponse> Items { get; set; } = [];
}

public sealed class EndpointStatsResponse
{
    public string UrlPath { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public long RequestCount { get; set; }

    public long ErrorCount { get; set; }

    public double ErrorRate { get; set; }

    public double? AvgResponseTimeMs { get; set; }

    public double? FastestRequestMs { get; set; }

    public double? SlowestRequestMs { get; set; }

    public double? P50ResponseTimeMs { get; set; }

    public double? P95ResponseTimeMs { get; set; }

    public double? P99ResponseTimeMs { get; set; }
}
