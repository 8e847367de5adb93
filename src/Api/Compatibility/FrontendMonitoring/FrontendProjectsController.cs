using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Apps.Commands.DeleteApp;
using Faultline.Application.Apps.Commands.ReplaceAppKey;
using Faultline.Application.Apps.Queries.GetApp;
using Faultline.Application.Apps.Queries.ListApps;
using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.FrontendMonitoring;

/// <summary>
/// Projects of the Frontend Monitoring API: a project is a Faultline app and its api_key the app's ingest key.
/// Unlike the original, listing and managing projects needs an operator credential.
/// </summary>
[ApiController]
[Route("api/projects")]
[FrontendMonitoringErrorWriter]
[Tags(SurfaceNames.FrontendMonitoring)]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
public sealed class FrontendProjectsController(IMediator mediator, IMapper mapper) : ControllerBase
{
    /// <summary>Creates a project; its api_key is shown only in this answer.</summary>
    [HttpPost]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<FrontendProjectWithKeyResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<FrontendProjectWithKeyResponse>> Create([FromBody] UpdateAppRequest body, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(
            new CreateAppCommand(AppName.CreateTitle(body.Name), AppDescription.CreateOptional(body.Description), User.Caller().UserId), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<FrontendProjectWithKeyResponse>(created));
    }

    /// <summary>The projects the credential may see, newest first (never their keys).</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<FrontendProjectResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<FrontendProjectResponse>>> List(CancellationToken cancellationToken)
    {
        var apps = await mediator.Send(new ListAppsQuery(User.Caller().Apps), cancellationToken);
        return Ok(mapper.Map<IReadOnlyList<FrontendProjectResponse>>(apps.OrderByDescending(app => app.CreatedAt).ThenByDescending(app => app.Id).ToList()));
    }

    /// <summary>One project.</summary>
    [HttpGet("{appId:long}")]
    [ProducesResponseType<FrontendProjectResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<FrontendProjectResponse>> Get(long appId, CancellationToken cancellationToken) =>
        mapper.Map<FrontendProjectResponse>(await mediator.Send(new GetAppQuery(appId), cancellationToken));

    /// <summary>Changes only the fields sent (name, description).</summary>
    [HttpPatch("{appId:long}")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<FrontendProjectResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    [ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
    public async Task<ActionResult<FrontendProjectResponse>> Update(long appId, [FromBody] UpdateAppRequest body, CancellationToken cancellationToken)
    {
        return mapper.Map<FrontendProjectResponse>(await mediator.Send(body.ToCommand(appId), cancellationToken));
    }

    /// <summary>Issues a new api_key; the old one stops working at once.</summary>
    [HttpPost("{appId:long}/rotate-key")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [ProducesResponseType<FrontendProjectWithKeyResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<FrontendProjectWithKeyResponse>> RotateKey(long appId, CancellationToken cancellationToken)
    {
        var key = await mediator.Send(new ReplaceAppKeyCommand(appId), cancellationToken);
        var project = mapper.Map<FrontendProjectWithKeyResponse>(await mediator.Send(new GetAppQuery(appId), cancellationToken));
        project.ApiKey = key.Key;
        return project;
    }

    /// <summary>Deletes the project: its key stops working and its events are deleted with it.</summary>
    [HttpDelete("{appId:long}")]
    [Authorize(Policy = AuthPolicies.OperatorAdmin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete(long appId, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteAppCommand(appId), cancellationToken);
        return NoContent();
    }
}
