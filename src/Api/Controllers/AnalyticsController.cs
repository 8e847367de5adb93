using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Analytics.Queries.GetIngestionFigures;
using Faultline.Application.Analytics.Queries.GetSummary;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Product analytics of an app: who did what, how often; exact counts over the raw events.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}")]
[Route(RouteTemplates.VersionedApps + "/{appId}")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class AnalyticsController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    /// <summary>
    /// Totals, unique users and sessions, counts by kind and by name, and the most active users of the events
    /// the filters select; the window (since/until on received_at) defaults to the last 24 hours.
    /// </summary>
    /// <param name="appId">The app.</param>
    /// <param name="filter">Which events.</param>
    /// <param name="user">Case-insensitive text in user_id; % and _ are literal.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet("analytics/summary")]
    [ProducesResponseType<SummaryResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<SummaryResponse>> Summary(
        long appId, [FromQuery] EventFilterQuery filter, string? user, CancellationToken cancellationToken)
    {
        var window = TimeWindow.FromQuery(filter.Since, filter.Until, clock.UtcNow);
        var events = filter.ToText(user).Read() with { Since = window.Since, Until = window.Until };
        var summary = await mediator.Send(new GetSummaryQuery([appId], events), cancellationToken);
        var response = mapper.Map<SummaryResponse>(summary);
        response.Since = window.Since.UtcDateTime;
        response.Until = window.Until.UtcDateTime;
        return response;
    }

    /// <summary>Events stored since the app was created (retention does not lower it), duplicates refused, and events per second over the last minute.</summary>
    [HttpGet("ingestion")]
    [ProducesResponseType<IngestionFiguresResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IngestionFiguresResponse>> Ingestion(long appId, CancellationToken cancellationToken) =>
        mapper.Map<IngestionFiguresResponse>(await mediator.Send(new GetIngestionFiguresQuery(appId), cancellationToken));
}
