using System.Globalization;
using System.Text.RegularExpressions;
using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Application.Common;
using Faultline.Application.Requests.Queries.GetRequestEndpoints;
using Faultline.Application.Requests.Queries.GetRequestSeries;
using Faultline.Application.Requests.Queries.GetRequestSummary;
using Faultline.Application.Requests.Queries.ListRequests;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.ApiAnalytics;

/// <summary>
/// The API Analytics API's metrics of a project: the raw calls, a summary, a time series and per-endpoint
/// figures. start_date and end_date carry a time zone; the default is today in UTC; a span is 1 minute to 60 days.
/// </summary>
[ApiController]
[ApiAnalyticsErrors]
[Route("api/v1/projects/{projectKey}/metrics")]
[Authorize(Policy = AuthPolicies.SignedIn)]
[Produces("application/json")]
public sealed partial class ApiAnalyticsMetricsController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    private static readonly TimeSpan MinSpan = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(60);

    /// <summary>The project's calls, newest first: skip (default 0) and limit (1 to 1,000, default 100).</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<TrackedResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<TrackedResponse>>> Raw(string projectKey, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var project = await ApiAnalyticsProjects.FindAsync(mediator, User, projectKey, cancellationToken);
        if (skip is < 0)
        {
            throw DomainValidationException.ForField("Skip", $"{FieldError.FieldToken} must be 0 or more.");
        }

        var paging = Paging.Create(limit, skip, 100, 1_000);
        var requests = await mediator.Send(new ListRequestsQuery(project.Id, (int)Math.Min(paging.Offset, int.MaxValue), paging.Limit), cancellationToken);
        return Ok(mapper.Map<IReadOnlyList<TrackedResponse>>(requests));
    }

    [HttpGet("summary")]
    [ProducesResponseType<MetricsSummaryResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<MetricsSummaryResponse>> Summary(
        string projectKey, [FromQuery(Name = "start_date")] string? startDate, [FromQuery(Name = "end_date")] string? endDate, CancellationToken cancellationToken)
    {
        var project = await ApiAnalyticsProjects.FindAsync(mediator, User, projectKey, cancellationToken);
        return mapper.Map<MetricsSummaryResponse>(await mediator.Send(new GetRequestSummaryQuery(project.Id, Window(startDate, endDate)), cancellationToken));
    }

    /// <summary>Buckets of minute (default), hour or day with at least one call.</summary>
    [HttpGet("time-series")]
    [ProducesResponseType<IReadOnlyList<MetricsBucketResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<MetricsBucketResponse>>> TimeSeries(
        string projectKey, [FromQuery(Name = "start_date")] string? startDate, [FromQuery(Name = "end_date")] string? endDate,
        string? granularity, CancellationToken cancellationToken)
    {
        var project = await ApiAnalyticsProjects.FindAsync(mediator, User, projectKey, cancellationToken);
        var interval = (granularity ?? "minute") switch
        {
            "minute" => Interval.Minute,
            "hour" => Interval.Hour,
            "day" => Interval.Day,
            _ => throw DomainValidationException.ForField("Granularity", $"{FieldError.FieldToken} must be minute, hour or day."),
        };
        var series = await mediator.Send(
            new GetRequestSeriesQuery(project.Id, SeriesRequest.Create(Window(startDate, endDate), interval, BucketZone.Parse(null))), cancellationToken);
        return Ok(mapper.Map<IReadOnlyList<MetricsBucketResponse>>(series.Series.Where(bucket => bucket.RequestCount > 0).ToList()));
    }

    /// <summary>Per path and method, busiest first.</summary>
    [HttpGet("endpoints")]
    [ProducesResponseType<IReadOnlyList<MetricsEndpointResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<MetricsEndpointResponse>>> Endpoints(
        string projectKey, [FromQuery(Name = "start_date")] string? startDate, [FromQuery(Name = "end_date")] string? endDate, CancellationToken cancellationToken)
    {
        var project = await ApiAnalyticsProjects.FindAsync(mediator, User, projectKey, cancellationToken);
        var endpoints = await mediator.Send(new GetRequestEndpointsQuery(project.Id, Window(startDate, endDate), 1_000), cancellationToken);
        return Ok(mapper.Map<IReadOnlyList<MetricsEndpointResponse>>(endpoints));
    }

    private TimeWindow Window(string? startDate, string? endDate)
    {
        var today = new DateTimeOffset(clock.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var start = Zoned(startDate, "StartDate") ?? today;
        var end = Zoned(endDate, "EndDate") ?? today.AddDays(1);
        var span = end - start;
        if (span < MinSpan || span > MaxSpan)
        {
            throw DomainValidationException.ForField("EndDate", $"The window from start_date to end_date must span 1 minute to 60 days; it spans {span}.");
        }

        return TimeWindow.Create(start, end);
    }

    private static DateTimeOffset? Zoned(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        return ZoneSuffix().IsMatch(value)
               && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be an ISO 8601 date and time with a time zone, such as 2026-01-31T12:00:00Z.");
    }

    [GeneratedRegex(@"\d(Z|z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneSuffix();
}
