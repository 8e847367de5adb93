using Faultline.Api.Auth;
using Faultline.Api.Input;
using Faultline.Application.Access;
using Faultline.Application.Analytics.Queries.GetEventSeries;
using Faultline.Application.Analytics.Queries.GetSummary;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>
/// The Event Processor API's dashboard metrics. Unlike the original, they need an operator credential, and
/// cover every app that credential may see (or the one named by appId). An event's type is its name.
/// </summary>
[ApiController]
[Route("api/v1/analytics")]
[EventProcessorErrorWriter]
[Tags(SurfaceNames.EventProcessor)]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status400BadRequest)]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType(StatusCodes.Status404NotFound)]
public sealed class EventProcessorAnalyticsController(IMediator mediator, IClock clock) : ControllerBase
{
    /// <summary>Every event type of the window, not only the first ten.</summary>
    private const int EventTypes = 1_000;

    private static readonly Dictionary<string, (TimeSpan Range, TimeSpan Step)> TimeRanges = new(StringComparer.Ordinal)
    {
        ["15m"] = (TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1)),
        ["1h"] = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)),
        ["24h"] = (TimeSpan.FromHours(24), TimeSpan.FromMinutes(15)),
        ["7d"] = (TimeSpan.FromDays(7), TimeSpan.FromHours(1)),
    };

    /// <summary>Totals, events by type, top users, a dense series and unique users and sessions over the last timeRange.</summary>
    /// <param name="timeRange">15m, 1h (default), 24h or 7d.</param>
    /// <param name="eventType">Only this event type (exact).</param>
    /// <param name="userId">Only users whose id contains this text (any case; % and _ are literal).</param>
    /// <param name="appId">Only this app (default: every app the credential may see).</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet("metrics")]
    [ProducesResponseType<EventProcessorEnvelope<EventProcessorMetrics>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Metrics(string? timeRange, string? eventType, string? userId, long? appId, CancellationToken cancellationToken)
    {
        if (!TimeRanges.TryGetValue(timeRange ?? "1h", out var range))
        {
            throw DomainValidationException.ForField("TimeRange", $"{FieldError.FieldToken} must be one of 15m, 1h, 24h, 7d.");
        }

        var caller = User.Caller();
        if (appId is { } only && !caller.MaySee(only))
        {
            throw NotFoundException.App(only);
        }

        IReadOnlyList<long>? apps = appId is { } one ? [one] : caller.Apps;
        var now = clock.UtcNow;
        var window = TimeWindow.Create(now - range.Range, now);
        var filter = new EventFilterText { Name = eventType, User = userId }.Read() with { Since = window.Since, Until = window.Until };
        // The two queries share nothing and each opens its own connection: run side by side, the metrics take as long
        // as the slower of them rather than both (docs/decisions/0038).
        var summaryTask = mediator.Send(new GetSummaryQuery(apps, filter, EventTypes), cancellationToken);
        var seriesTask = mediator.Send(new GetEventSeriesQuery(apps, filter, window, SeriesBuckets.Every(range.Step), SeriesGroup.None, Dense: true), cancellationToken);
        await Task.WhenAll(summaryTask, seriesTask);
        var (summary, series) = (await summaryTask, await seriesTask);

        return Ok(EventProcessorEnvelope.Of(new EventProcessorMetrics
        {
            TotalEvents = summary.TotalEvents,
            TimeRange = new EventProcessorTimeRange { Start = window.Since.UtcDateTime, End = window.Until.UtcDateTime },
            EventsByType = summary.ByName.Select(type => new EventProcessorTypeCount
            {
                EventType = type.Key, Count = type.Count, Percentage = Math.Round(type.Percentage, 1),
            }).ToList(),
            TopUsers = summary.TopUsers.Select(user => new EventProcessorTopUser
            {
                UserId = user.UserId, EventCount = user.EventCount, LastEventAt = user.LastEventAt, EventTypes = user.Names,
            }).ToList(),
            EventsOverTime = series.Select(bucket => new EventProcessorBucket { Timestamp = bucket.BucketStart, Count = bucket.Total }).ToList(),
            AvgEventsPerUser = Math.Round(summary.AvgEventsPerUser, 2),
            UniqueUsers = summary.UniqueUsers,
            UniqueSessions = summary.UniqueSessions,
        }));
    }
}
