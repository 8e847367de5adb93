using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Analytics.Queries.GetEventSeries;
using Faultline.Application.Common;
using Faultline.Application.Events;
using Faultline.Application.Stats.Queries.GetKindCounts;
using Faultline.Application.Stats.Queries.GetLevelCounts;
using Faultline.Application.Stats.Queries.GetTimeseries;
using Faultline.Application.Stats.Queries.GetTopMessages;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Statistics over received_at; windows are half-open and default to the last 24 hours.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/stats")]
[Route(RouteTemplates.VersionedApps + "/{appId}/stats")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class StatsController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    /// <summary>A dense series of counts per bucket (MINUTE, HOUR, DAY, WEEK, MONTH), aligned in UTC or in tz; group_by=kind|name splits each bucket.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="since">Window start (RFC 3339), default until minus 24 hours.</param>
    /// <param name="until">Window end, exclusive (RFC 3339), default now.</param>
    /// <param name="interval">Bucket width, default HOUR; at most 10,000 buckets.</param>
    /// <param name="level">Only this level.</param>
    /// <param name="tz">IANA time zone the buckets are aligned in, default UTC.</param>
    /// <param name="groupBy">kind or name: each bucket also counts per kind (or name).</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet("timeseries")]
    [ProducesResponseType<TimeseriesResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<TimeseriesResponse>> Timeseries(
        long appId, string? since, string? until, string? interval, string? level, string? tz,
        [FromQuery(Name = "group_by")] string? groupBy, CancellationToken cancellationToken)
    {
        var series = SeriesRequest.Create(
            TimeWindow.FromQuery(since, until, clock.UtcNow), Intervals.Parse(interval), BucketZone.Parse(tz));
        var levelValue = Levels.ParseOptional(level);
        if (groupBy is null)
        {
            return mapper.Map<TimeseriesResponse>(await mediator.Send(new GetTimeseriesQuery(appId, series, levelValue), cancellationToken));
        }

        var group = ParseGroup(groupBy);
        var buckets = await mediator.Send(new GetEventSeriesQuery(
            [appId], new EventFilter { Level = levelValue }, series.Window, SeriesBuckets.Calendar(series.Interval, series.Zone), group, Dense: true),
            cancellationToken);
        return new TimeseriesResponse
        {
            Interval = series.Interval.Name(),
            Since = series.Window.Since.UtcDateTime,
            Until = series.Window.Until.UtcDateTime,
            GroupBy = group.ToString().ToLowerInvariant(),
            Series = buckets.Select(bucket => new BucketResponse { BucketStart = bucket.BucketStart, Count = bucket.Total, Counts = bucket.Counts }).ToList(),
        };
    }

    private static SeriesGroup ParseGroup(string text) => text.Trim().ToLowerInvariant() switch
    {
        "kind" => SeriesGroup.Kind,
        "name" => SeriesGroup.Name,
        _ => throw DomainValidationException.ForField("GroupBy", $"{FieldError.FieldToken} must be kind or name."),
    };

    /// <summary>Counts per level, only levels that occur, most frequent first.</summary>
    [HttpGet("by-level")]
    [ProducesResponseType<LevelCountsResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<LevelCountsResponse>> ByLevel(long appId, string? since, string? until, CancellationToken cancellationToken)
    {
        var query = new GetLevelCountsQuery(appId, TimeWindow.FromQuery(since, until, clock.UtcNow));
        return mapper.Map<LevelCountsResponse>(await mediator.Send(query, cancellationToken));
    }

    /// <summary>Counts per kind (error, log, request, ...), only kinds that occur, most frequent first, with their share.</summary>
    [HttpGet("by-kind")]
    [ProducesResponseType<KindCountsResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<KindCountsResponse>> ByKind(long appId, string? since, string? until, CancellationToken cancellationToken)
    {
        var query = new GetKindCountsQuery(appId, TimeWindow.FromQuery(since, until, clock.UtcNow));
        return mapper.Map<KindCountsResponse>(await mediator.Send(query, cancellationToken));
    }

    /// <summary>The most frequent exact messages, by count then last_seen; limit 1 to 100, default 10.</summary>
    [HttpGet("top-messages")]
    [ProducesResponseType<TopMessagesResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<TopMessagesResponse>> TopMessages(
        long appId, string? since, string? until, int? limit, string? level, CancellationToken cancellationToken)
    {
        var paging = Paging.Create(limit, 0, GetTopMessagesQuery.DefaultLimit, GetTopMessagesQuery.MaxLimit);
        var query = new GetTopMessagesQuery(appId, TimeWindow.FromQuery(since, until, clock.UtcNow), paging.Limit, Levels.ParseOptional(level));
        return mapper.Map<TopMessagesResponse>(await mediator.Send(query, cancellationToken));
    }
}
