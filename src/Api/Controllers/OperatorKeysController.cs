using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.OperatorKeys;
using Faultline.Application.OperatorKeys.Commands.CreateOperatorKey;
using Faultline.Application.OperatorKeys.Commands.RevokeOperatorKey;
using Faultline.Application.OperatorKeys.Queries.ListOperatorKeys;
using Faultline.Domain.Keys;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Operator keys with scopes (admin, read), optionally limited to some apps. Needs an unlimited admin credential.</summary>
[ApiController]
[Route("api/v1/admin/keys")]
[Authorize(Policy = AuthPolicies.OperatorRoot)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status403Forbidden)]
public sealed class OperatorKeysController(IMediator mediator, IMapper mapper) : ControllerBase
{
    /// <summary>Creates an operator key; the key is shown only in this answer.</summary>
    [HttpPost]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<CreatedOperatorKeyResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<CreatedOperatorKeyResponse>> Create([FromBody] CreateOperatorKeyRequest body, CancellationToken cancellationToken)
    {
        var created = await mediator.Send(new CreateOperatorKeyCommand(KeyName.Create(body.Name), OperatorScopes.Parse(body.Scopes), body.Apps), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<CreatedOperatorKeyResponse>(created));
    }

    /// <summary>Lists operator keys (never a key or its hash).</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<OperatorKeyResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<OperatorKeyResponse>>> List(CancellationToken cancellationToken) =>
        Ok(mapper.Map<IReadOnlyList<OperatorKeyResponse>>(await mediator.Send(new ListOperatorKeysQuery(), cancellationToken)));

    /// <summary>Revokes an operator key.</summary>
    [HttpDelete("{keyId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Revoke(long keyId, CancellationToken cancellationToken)
    {
        await mediator.Send(new RevokeOperatorKeyCommand(keyId), cancellationToken);
        return NoContent();
    }
}
