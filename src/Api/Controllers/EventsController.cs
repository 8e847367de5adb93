using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Events.Queries.ListEvents;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Reading an app's events.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/events")]
[Route(RouteTemplates.VersionedApps + "/{appId}/events")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class EventsController(IMediator mediator, IMapper mapper) : ControllerBase
{
    /// <summary>Events newest first (received_at, then id); since/until filter received_at, half-open.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="limit">1 to 50, default 20.</param>
    /// <param name="offset">0 or more, default 0.</param>
    /// <param name="level">Only this level.</param>
    /// <param name="since">Only events received at or after this time (RFC 3339).</param>
    /// <param name="until">Only events received before this time (RFC 3339).</param>
    /// <param name="cursor">next_cursor from the previous page: continues after its last event, fast at any depth.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet]
    [ProducesResponseType<EventPageResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<EventPageResponse>> List(
        long appId, int? limit, long? offset, string? level, string? since, string? until, string? cursor, CancellationToken cancellationToken)
    {
        var (sinceValue, untilValue) = TimeWindow.OptionalBounds(since, until);

        var query = new ListEventsQuery(
            appId, Paging.Create(limit, offset, ListEventsQuery.DefaultLimit, ListEventsQuery.MaxLimit),
            Levels.ParseOptional(level), sinceValue, untilValue, EventCursor.ParseOptional(cursor));
        return mapper.Map<EventPageResponse>(await mediator.Send(query, cancellationToken));
    }
}
