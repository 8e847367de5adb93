using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Common;
using Faultline.Application.Groups.Commands.SetGroupStatus;
using Faultline.Application.Groups.Queries.GetGroup;
using Faultline.Application.Groups.Queries.GetGroupTags;
using Faultline.Application.Groups.Queries.ListGroups;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Events.Grouping;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>An app's error groups: listing, one group in detail, and its status.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/groups")]
[Route(RouteTemplates.VersionedApps + "/{appId}/groups")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class GroupsController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    /// <summary>Groups by last_seen (default), count or first_seen, largest first, then id.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="status">unresolved, resolved or ignored.</param>
    /// <param name="level">Only groups whose highest level is this one.</param>
    /// <param name="kind">Only groups of this event kind.</param>
    /// <param name="since">Only groups seen at or after this time (RFC 3339).</param>
    /// <param name="until">Only groups first seen before this time (RFC 3339).</param>
    /// <param name="q">Text in the title or the latest message, at most 200 characters, any case.</param>
    /// <param name="environment">Only groups with an event in this environment.</param>
    /// <param name="release">Only groups with an event of this release.</param>
    /// <param name="sort">last_seen, count or first_seen.</param>
    /// <param name="limit">1 to 100, default 20.</param>
    /// <param name="offset">0 or more, default 0.</param>
    /// <param name="cursor">next_cursor from the previous page of the same sort.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet]
    [ProducesResponseType<GroupPageResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<GroupPageResponse>> List(
        long appId, string? status, string? level, string? kind, string? since, string? until, string? q, string? environment, string? release,
        string? sort, int? limit, long? offset, string? cursor, CancellationToken cancellationToken)
    {
        var (sinceValue, untilValue) = TimeWindow.OptionalBounds(since, until);

        if (q is not null && (q.Length == 0 || q.Length > GroupFilter.MaxTextLength))
        {
            throw DomainValidationException.ForField("Q", $"{FieldError.FieldToken} must be 1 to {GroupFilter.MaxTextLength} characters.");
        }

        var sortValue = GroupStatuses.ParseSort(sort);
        var filter = new GroupFilter(
            GroupStatuses.ParseOptional(status), Levels.ParseOptional(level), EventKinds.ParseOptional(kind), sinceValue, untilValue, q, environment, release);
        var query = new ListGroupsQuery(
            appId, filter, sortValue, Paging.Create(limit, offset, ListGroupsQuery.DefaultLimit, ListGroupsQuery.MaxLimit),
            GroupCursor.ParseOptional(cursor, sortValue));
        return mapper.Map<GroupPageResponse>(await mediator.Send(query, cancellationToken));
    }

    /// <summary>One group: hourly counts over the window (default the last 24 hours), top values, latest events.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="groupId">The group.</param>
    /// <param name="since">Start of the window (RFC 3339).</param>
    /// <param name="until">End of the window, excluded (RFC 3339).</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet("{groupId}")]
    [ProducesResponseType<GroupDetailResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<GroupDetailResponse>> Get(long appId, long groupId, string? since, string? until, CancellationToken cancellationToken) =>
        mapper.Map<GroupDetailResponse>(await mediator.Send(new GetGroupQuery(appId, groupId, TimeWindow.FromQuery(since, until, clock.UtcNow)), cancellationToken));

    /// <summary>
    /// The releases, environments and tag values over-represented in the group compared with the app, by the rule the
    /// built-in analysis uses: at least half of the group's events carry the value, and at least 1.5 times the app's share.
    /// Compares the group's latest 1,000 events in the window (default the last 24 hours) with the app's latest 10,000.
    /// </summary>
    /// <param name="appId">The app.</param>
    /// <param name="groupId">The group.</param>
    /// <param name="since">Start of the window (RFC 3339).</param>
    /// <param name="until">End of the window, excluded (RFC 3339).</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet("{groupId}/tags")]
    [ProducesResponseType<GroupTagsResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<GroupTagsResponse>> Tags(long appId, long groupId, string? since, string? until, CancellationToken cancellationToken) =>
        mapper.Map<GroupTagsResponse>(await mediator.Send(new GetGroupTagsQuery(appId, groupId, TimeWindow.FromQuery(since, until, clock.UtcNow)), cancellationToken));

    /// <summary>Sets a group's status: unresolved, resolved or ignored.</summary>
    [HttpPatch("{groupId}")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<GroupResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status403Forbidden)]
    public async Task<ActionResult<GroupResponse>> Update(long appId, long groupId, [FromBody] UpdateGroupRequest body, CancellationToken cancellationToken) =>
        mapper.Map<GroupResponse>(await mediator.Send(new SetGroupStatusCommand(appId, groupId, GroupStatuses.Parse(body.Status)), cancellationToken));
}
