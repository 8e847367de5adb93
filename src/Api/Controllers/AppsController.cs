using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Apps.Commands.DeleteApp;
using Faultline.Application.Apps.Commands.SetRetention;
using Faultline.Application.Apps.Queries.GetApp;
using Faultline.Application.Apps.Queries.ListApps;
using Faultline.Domain.Apps;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Applications: each has its own events and ingest keys.</summary>
[ApiController]
[Route(RouteTemplates.Apps)]
[Route(RouteTemplates.VersionedApps)]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
public sealed class AppsController(IMediator mediator, IMapper mapper) : ControllerBase
{
    /// <summary>Creates an app and returns its ingest key (shown only here). A signed-in user's app is theirs.</summary>
    [HttpPost("{name}")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [ProducesResponseType<CreatedAppResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<CreatedAppResponse>> Create(string name, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new CreateAppCommand(AppName.Create(name), OwnerUserId: User.Caller().UserId), cancellationToken);
        return CreatedAtAction(nameof(Get), new { appId = created.Id }, mapper.Map<CreatedAppResponse>(created));
    }

    /// <summary>Sets how many days of this app's events are kept (null: the global retention applies).</summary>
    [HttpPut("{appId}/retention")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [Consumes("application/json")]
    [ProducesResponseType<AppRetentionResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<AppRetentionResponse>> SetRetention(long appId, [FromBody] AppRetentionRequest body, CancellationToken cancellationToken) =>
        mapper.Map<AppRetentionResponse>(await mediator.Send(new SetAppRetentionCommand(appId, RetentionDays.CreateOptional(body.RetentionDays)), cancellationToken));

    /// <summary>Changes the name and/or the description, only the fields sent.</summary>
    [HttpPatch("{appId}")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [Consumes("application/json")]
    [ProducesResponseType<AppResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<AppResponse>> Update(long appId, [FromBody] UpdateAppRequest body, CancellationToken cancellationToken) =>
        mapper.Map<AppResponse>(await mediator.Send(body.ToCommand(appId), cancellationToken));

    /// <summary>Deletes the app at once: its keys stop working and its events are deleted with it.</summary>
    [HttpDelete("{appId}")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete(long appId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteAppCommand(appId), cancellationToken);
        return NoContent();
    }

    /// <summary>One app (never its key).</summary>
    [HttpGet("{appId}")]
    [ProducesResponseType<AppResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<AppResponse>> Get(long appId, CancellationToken cancellationToken) =>
        mapper.Map<AppResponse>(await mediator.Send(new GetAppQuery(appId), cancellationToken));

    /// <summary>All apps the credential may see, ordered by id.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<AppResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<AppResponse>>> List(CancellationToken cancellationToken) =>
        Ok(mapper.Map<IReadOnlyList<AppResponse>>(await mediator.Send(new ListAppsQuery(User.Caller().Apps), cancellationToken)));
}
