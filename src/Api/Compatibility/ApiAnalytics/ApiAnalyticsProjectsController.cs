using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Apps;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Apps.Commands.DeleteApp;
using Faultline.Application.Apps.Commands.UpdateApp;
using Faultline.Application.Apps.Queries.GetProject;
using Faultline.Application.Apps.Queries.ListProjects;
using Faultline.Application.Common;
using Faultline.Application.Keys.Commands.CreateIngestKey;
using Faultline.Application.Keys.Commands.RevokeIngestKey;
using Faultline.Application.Keys.Commands.RotateIngestKey;
using Faultline.Application.Keys.Commands.UpdateIngestKey;
using Faultline.Application.Keys.Queries.GetIngestKey;
using Faultline.Application.Keys.Queries.ListIngestKeys;
using Faultline.Domain.Apps;
using Faultline.Domain.Common;
using Faultline.Domain.Keys;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.ApiAnalytics;

/// <summary>
/// The API Analytics API's projects (apps the signed-in user owns, addressed by project_key) and their keys.
/// Another user's project or key is a 404, as if it did not exist.
/// </summary>
[ApiController]
[ApiAnalyticsErrors]
[Route("api/v1/projects")]
[Authorize(Policy = AuthPolicies.SignedIn)]
[Produces("application/json")]
public sealed class ApiAnalyticsProjectsController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    /// <summary>The signed-in user's projects, newest first.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ProjectResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<ProjectResponse>>> List(CancellationToken cancellationToken) =>
        Ok(mapper.Map<IReadOnlyList<ProjectResponse>>(await mediator.Send(new ListProjectsQuery(User.Caller().UserId!.Value), cancellationToken)));

    /// <summary>Creates a project: name 1 to 100 letters, digits, spaces, '_' and '-', unique for the user (409).</summary>
    [HttpPost]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<ProjectResponse>(StatusCodes.Status201Created)]
    public async Task<ActionResult<ProjectResponse>> Create([FromBody] ProjectRequest body, CancellationToken cancellationToken)
    {
        var name = AppName.ForProject(body.Name);
        var created = await mediator.Send(new CreateAppCommand(name, Description(body.Description), User.Caller().UserId), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<ProjectResponse>(await mediator.Send(new GetProjectQuery(created.Id), cancellationToken)));
    }

    [HttpGet("{projectKey}")]
    [ProducesResponseType<ProjectResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<ProjectResponse>> Get(string projectKey, CancellationToken cancellationToken) =>
        mapper.Map<ProjectResponse>(await ProjectAsync(projectKey, cancellationToken));

    /// <summary>Renames (the project_key stays), describes, or switches a project off (its keys are refused) and on.</summary>
    [HttpPatch("{projectKey}")]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<ProjectResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<ProjectResponse>> Update(string projectKey, [FromBody] ProjectUpdateRequest body, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(projectKey, cancellationToken);
        var name = body.Name is null ? null : AppName.ForProject(body.Name);
        var updated = await mediator.Send(
            new UpdateAppCommand(project.Id, name, body.DescriptionIsSet, Description(body.Description), body.IsActive), cancellationToken);
        return mapper.Map<ProjectResponse>(updated);
    }

    /// <summary>Deletes a project with its keys and its data.</summary>
    [HttpDelete("{projectKey}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Delete(string projectKey, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteAppCommand((await ProjectAsync(projectKey, cancellationToken)).Id), cancellationToken);
        return NoContent();
    }

    /// <summary>Creates a key; the key is in this answer only.</summary>
    [HttpPost("{projectKey}/api-keys")]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<CreatedApiKeyResponse>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CreatedApiKeyResponse>> CreateKey(string projectKey, [FromBody] ApiKeyRequest body, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(projectKey, cancellationToken);
        var created = await mediator.Send(new CreateIngestKeyCommand(
            project.Id, KeyName.Create(body.Name), KeyLifetime.ParseExpiry(body.ExpiresAt, clock.UtcNow), KeyRateLimit.Create(null)), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<CreatedApiKeyResponse>(created));
    }

    /// <summary>The project's keys, newest first; active_only=true for the live ones.</summary>
    [HttpGet("{projectKey}/api-keys")]
    [ProducesResponseType<IReadOnlyList<ApiKeyResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<ApiKeyResponse>>> ListKeys(
        string projectKey, [FromQuery(Name = "active_only")] bool? activeOnly, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(projectKey, cancellationToken);
        var keys = await mediator.Send(new ListIngestKeysQuery(project.Id, NewestFirst: true, LiveOnly: activeOnly == true), cancellationToken);
        return Ok(mapper.Map<IReadOnlyList<ApiKeyResponse>>(keys));
    }

    [HttpGet("{projectKey}/api-keys/{keyId}")]
    [ProducesResponseType<ApiKeyResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<ApiKeyResponse>> GetKey(string projectKey, long keyId, CancellationToken cancellationToken) =>
        mapper.Map<ApiKeyResponse>(await mediator.Send(new GetIngestKeyQuery((await ProjectAsync(projectKey, cancellationToken)).Id, keyId), cancellationToken));

    /// <summary>Renames a key or switches it off (is_active: false) and on.</summary>
    [HttpPatch("{projectKey}/api-keys/{keyId}")]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<ApiKeyResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<ApiKeyResponse>> UpdateKey(string projectKey, long keyId, [FromBody] ApiKeyUpdateRequest body, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(projectKey, cancellationToken);
        var name = body.Name is null ? null : KeyName.Create(body.Name);
        return mapper.Map<ApiKeyResponse>(await mediator.Send(new UpdateIngestKeyCommand(project.Id, keyId, name, body.IsActive), cancellationToken));
    }

    /// <summary>Revokes a key; the project's last active key cannot be deleted (400).</summary>
    [HttpDelete("{projectKey}/api-keys/{keyId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteKey(string projectKey, long keyId, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(projectKey, cancellationToken);
        await mediator.Send(new RevokeIngestKeyCommand(project.Id, keyId, KeepOneLive: true), cancellationToken);
        return NoContent();
    }

    /// <summary>Replaces a key at once: the new key is in this answer only, the old one stops working.</summary>
    [HttpPost("{projectKey}/api-keys/{keyId}/rotate")]
    [ProducesResponseType<CreatedApiKeyResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<CreatedApiKeyResponse>> RotateKey(string projectKey, long keyId, CancellationToken cancellationToken)
    {
        var project = await ProjectAsync(projectKey, cancellationToken);
        return mapper.Map<CreatedApiKeyResponse>(await mediator.Send(new RotateIngestKeyCommand(project.Id, keyId, TimeSpan.Zero), cancellationToken));
    }

    private async Task<ProjectDto> ProjectAsync(string projectKey, CancellationToken cancellationToken) =>
        await ApiAnalyticsProjects.FindAsync(mediator, User, projectKey, cancellationToken);

    private static AppDescription? Description(string? value)
    {
        var trimmed = value?.Trim();
        return AppDescription.CreateOptional(string.IsNullOrEmpty(trimmed) ? null : trimmed);
    }
}

/// <summary>A project the caller may see, by its key; any other is "not found".</summary>
internal static class ApiAnalyticsProjects
{
    public static async Task<ProjectDto> FindAsync(IMediator mediator, System.Security.Claims.ClaimsPrincipal user, string projectKey, CancellationToken cancellationToken)
    {
        var project = projectKey.Length <= 200 ? await mediator.Send(new GetProjectQuery(ProjectKey: projectKey), cancellationToken) : null;
        return project is not null && user.Caller().MaySee(project.Id)
            ? project
            : throw new NotFoundException(ErrorCodes.AppNotFound, "Project not found.");
    }
}
