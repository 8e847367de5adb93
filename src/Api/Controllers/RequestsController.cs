using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Common;
using Faultline.Application.Requests.Queries.GetRequestEndpoints;
using Faultline.Application.Requests.Queries.GetRequestSeries;
using Faultline.Application.Requests.Queries.GetRequestSummary;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>
/// API request analytics over the app's request events, whichever surface reported them: windows over
/// received_at, half-open, default the last 24 hours; percentiles within 1% of the exact values.
/// </summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/requests")]
[Route(RouteTemplates.VersionedApps + "/{appId}/requests")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class RequestsController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    public const int DefaultEndpoints = 50;
    public const int MaxEndpoints = 1_000;

    /// <summary>Calls, errors, error rate, latency (average, fastest, slowest, p50/p95/p99) and calls per minute.</summary>
    [HttpGet("summary")]
    [ProducesResponseType<RequestSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<RequestSummaryResponse>> Summary(long appId, string? since, string? until, CancellationToken cancellationToken)
    {
        var window = TimeWindow.FromQuery(since, until, clock.UtcNow);
        var response = mapper.Map<RequestSummaryResponse>(await mediator.Send(new GetRequestSummaryQuery(appId, window), cancellationToken));
        response.Since = window.Since.UtcDateTime;
        response.Until = window.Until.UtcDateTime;
        return response;
    }

    /// <summary>A dense series of calls, errors and average latency per bucket (MINUTE, HOUR, DAY, WEEK, MONTH; default HOUR), aligned in UTC or in tz.</summary>
    [HttpGet("timeseries")]
    [ProducesResponseType<RequestTimeseriesResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<RequestTimeseriesResponse>> Timeseries(
        long appId, string? since, string? until, string? interval, string? tz, CancellationToken cancellationToken)
    {
        var series = SeriesRequest.Create(TimeWindow.FromQuery(since, until, clock.UtcNow), Intervals.Parse(interval), BucketZone.Parse(tz));
        return mapper.Map<RequestTimeseriesResponse>(await mediator.Send(new GetRequestSeriesQuery(appId, series), cancellationToken));
    }

    /// <summary>Per endpoint (path and method), busiest first: calls, errors, error rate, latency with p50/p95/p99; limit 1 to 1,000, default 50.</summary>
    [HttpGet("endpoints")]
    [ProducesResponseType<RequestEndpointsResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<RequestEndpointsResponse>> Endpoints(
        long appId, string? since, string? until, int? limit, CancellationToken cancellationToken)
    {
        var window = TimeWindow.FromQuery(since, until, clock.UtcNow);
        var paging = Paging.Create(limit, 0, DefaultEndpoints, MaxEndpoints);
        var endpoints = await mediator.Send(new GetRequestEndpointsQuery(appId, window, paging.Limit), cancellationToken);
        return new RequestEndpointsResponse
        {
            Since = window.Since.UtcDateTime,
            Until = window.Until.UtcDateTime,
            Items = mapper.Map<IReadOnlyList<EndpointStatsResponse>>(endpoints),
        };
    }
}
