namespace Faultline.Application.Requests;

/// <summary>One reported API call (a request event).</summary>
public sealed class RequestDto
{
    public long Id { get; init; }

    public string UrlPath { get; init; } = string.Empty;

    public string Method { get; init; } = string.Empty;

    public int ResponseStatusCode { get; init; }

    public double ResponseTimeMs { get; init; }

    public string? UserAgent { get; init; }

    public string? IpHash { get; init; }

    public DateTime Timestamp { get; init; }
}

/// <summary>Request figures over a window; times in milliseconds, null when there were no requests.</summary>
public class RequestFiguresDto
{
    public long RequestCount { get; init; }

    public long ErrorCount { get; init; }

    /// <summary>Percent of requests with a status of 400 or more, two decimals.</summary>
    public double ErrorRate { get; init; }

    public double? AvgResponseTimeMs { get; init; }

    public double? SlowestRequestMs { get; init; }

    public double? FastestRequestMs { get; init; }

    public double? P50ResponseTimeMs { get; init; }

    public double? P95ResponseTimeMs { get; init; }

    public double? P99ResponseTimeMs { get; init; }
}

/// <summary>An app's figures over a window, with its rate.</summary>
public sealed class RequestSummaryDto : RequestFiguresDto
{
    public double RequestsPerMinute { get; set; }
}

/// <summary>One endpoint (path and method) over a window.</summary>
public sealed class EndpointStatsDto : RequestFiguresDto
{
    public string UrlPath { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;
}

/// <summary>One bucket of a request series.</summary>
public sealed class RequestBucketDto
{
    public DateTime BucketStart { get; init; }

    public long RequestCount { get; init; }

    public long ErrorCount { get; init; }

    public double? AvgResponseTimeMs { get; init; }

    /// <summary>Percentiles from the latency histogram, within 1% (null for an empty bucket).</summary>
    public double? P50ResponseTimeMs { get; init; }

    public double? P95ResponseTimeMs { get; init; }

    public double? P99ResponseTimeMs { get; init; }
}

public sealed class RequestSeriesDto
{
    public string Interval { get; init; } = string.Empty;

    public DateTime Since { get; init; }

    public DateTime Until { get; init; }

    public IReadOnlyList<RequestBucketDto> Series { get; init; } = [];
}
