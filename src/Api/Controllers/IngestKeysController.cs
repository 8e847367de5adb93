using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Common;
using Faultline.Application.Keys.Commands.CreateIngestKey;
using Faultline.Application.Keys.Commands.RevokeIngestKey;
using Faultline.Application.Keys.Commands.RotateIngestKey;
using Faultline.Application.Keys.Commands.SetIngestKeyRateLimit;
using Faultline.Application.Keys.Queries.ListIngestKeys;
using Faultline.Domain.Keys;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>An app's ingest keys: several per app, optional expiry, revocation and rotation with a grace period.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/keys")]
[Route(RouteTemplates.VersionedApps + "/{appId}/keys")]
[Authorize(Policy = AuthPolicies.OperatorAdmin)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class IngestKeysController(IMediator mediator, IMapper mapper, IClock clock) : ControllerBase
{
    /// <summary>Creates a key; the key is shown only in this answer.</summary>
    [HttpPost]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<CreatedIngestKeyResponse>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CreatedIngestKeyResponse>> Create(long appId, [FromBody] CreateIngestKeyRequest body, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new CreateIngestKeyCommand(
            appId, KeyName.Create(body.Name), KeyLifetime.ParseExpiry(body.ExpiresAt, clock.UtcNow), KeyRateLimit.Create(body.RateLimitPerMinute)), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<CreatedIngestKeyResponse>(created));
    }

    /// <summary>Lists the app's keys (never the keys themselves or their hashes).</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<IngestKeyResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<IngestKeyResponse>>> List(long appId, CancellationToken cancellationToken) =>
        Ok(mapper.Map<IReadOnlyList<IngestKeyResponse>>(await mediator.Send(new ListIngestKeysQuery(appId), cancellationToken)));

    /// <summary>
    /// Changes a key: rate_limit_per_minute (events per minute, 1 to 100,000,000; null clears it and the
    /// configured default applies). Takes effect at once here, and within 10 seconds on other instances.
    /// </summary>
    [HttpPatch("{keyId}")]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<IngestKeyResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IngestKeyResponse>> Update(long appId, long keyId, [FromBody] UpdateIngestKeyRequest body, CancellationToken cancellationToken)
    {
        if (!body.RateLimitPerMinuteIsSet)
        {
            throw DomainValidationException.ForField(KeyRateLimit.Field,
                $"Nothing to change: send {FieldError.FieldToken} (events per minute, or null for no limit of the key's own).");
        }

        var updated = await mediator.Send(new SetIngestKeyRateLimitCommand(appId, keyId, KeyRateLimit.Create(body.RateLimitPerMinute)), cancellationToken);
        return mapper.Map<IngestKeyResponse>(updated);
    }

    /// <summary>Revokes a key at once.</summary>
    [HttpDelete("{keyId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Revoke(long appId, long keyId, CancellationToken cancellationToken)
    {
        await mediator.Send(new RevokeIngestKeyCommand(appId, keyId), cancellationToken);
        return NoContent();
    }

    /// <summary>Issues a replacement and revokes the old key after grace_seconds (default 0).</summary>
    [HttpPost("{keyId}/rotate")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<CreatedIngestKeyResponse>(StatusCodes.Status201Created)]
    public async Task<ActionResult<CreatedIngestKeyResponse>> Rotate(
        long appId, long keyId, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RotateIngestKeyRequest? body,
        CancellationToken cancellationToken)
    {
        var replacement = await mediator.Send(new RotateIngestKeyCommand(appId, keyId, KeyLifetime.Grace(body?.GraceSeconds)), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<CreatedIngestKeyResponse>(replacement));
    }
}
