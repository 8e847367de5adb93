using System.Globalization;
using Faultline.Api.Auth;
using Faultline.Api.Errors;
using Faultline.Application.Analytics.Queries.GetEventSeries;
using Faultline.Application.Analytics.Queries.GetSummary;
using Faultline.Application.Events;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.FrontendMonitoring;

/// <summary>
/// Analytics of the Frontend Monitoring API over received_at; start and end are optional (no bound when absent),
/// end exclusive.
/// </summary>
[ApiController]
[Route("api/stats/project/{appId:long}")]
[FrontendMonitoringErrorWriter]
[Tags(SurfaceNames.FrontendMonitoring)]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status400BadRequest)]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType(StatusCodes.Status404NotFound)]
[ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
public sealed class FrontendStatsController(IMediator mediator) : ControllerBase
{
    /// <summary>Total events, unique users, when the latest arrived, and counts per event_type (only those that occur).</summary>
    [HttpGet("summary")]
    [ProducesResponseType<FrontendSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<FrontendSummaryResponse>> Summary(long appId, string? start, string? end, CancellationToken cancellationToken)
    {
        var summary = await mediator.Send(new GetSummaryQuery([appId], Window(start, end)), cancellationToken);
        return new FrontendSummaryResponse
        {
            TotalEvents = summary.TotalEvents,
            UniqueUsers = summary.UniqueUsers,
            LatestEvent = summary.LatestEventAt,
            CountsByType = summary.ByKind.ToDictionary(group => group.Key, group => group.Count, StringComparer.Ordinal),
        };
    }

    /// <summary>Events per hour or per day (granularity, default day) split by event_type; only buckets with events, oldest first.</summary>
    [HttpGet("timeseries")]
    [ProducesResponseType<IReadOnlyList<FrontendBucketResponse>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Timeseries(long appId, string? granularity, string? start, string? end, CancellationToken cancellationToken)
    {
        var (interval, format) = (granularity ?? "day") switch
        {
            "day" => (Interval.Day, "yyyy-MM-dd"),
            "hour" => (Interval.Hour, "yyyy-MM-dd HH:00:00"),
            _ => (default(Interval?), string.Empty),
        };
        if (interval is null)
        {
            return ErrorResponses.Result(new ApiError(ErrorCodes.ValidationError, "Invalid granularity"));
        }

        var buckets = await mediator.Send(new GetEventSeriesQuery(
            [appId], Window(start, end), null, SeriesBuckets.Calendar(interval.Value, BucketZone.Utc), SeriesGroup.Kind, Dense: false), cancellationToken);
        return Ok(buckets.Select(bucket => new FrontendBucketResponse
        {
            Bucket = bucket.BucketStart.ToString(format, CultureInfo.InvariantCulture),
            Counts = FrontendMonitoringProfile.EventTypes.Keys.ToDictionary(type => type, type => bucket.Counts.GetValueOrDefault(type), StringComparer.Ordinal),
            Total = bucket.Total,
        }).ToList());
    }

    private static EventFilter Window(string? start, string? end)
    {
        var since = Timestamp.ParseOptional(start, "Start");
        var until = Timestamp.ParseOptional(end, "End");
        if (since is not null && until is not null)
        {
            TimeWindow.Create(since.Value, until.Value);
        }

        return new EventFilter { Since = since, Until = until };
    }
}
