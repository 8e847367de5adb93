using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Users.Commands.UpdateUser;
using Faultline.Application.Users.Queries.ListUsers;
using Faultline.Domain.Common;
using Faultline.Domain.Users;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Signed-in users, for operators: the admin token, an admin operator key for every app, or an ADMIN user.</summary>
[ApiController]
[Route(RouteTemplates.CanonicalPrefix + "admin/users")]
[Authorize(Policy = AuthPolicies.OperatorRoot)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status403Forbidden)]
public sealed class UsersController(IMediator mediator, IMapper mapper) : ControllerBase
{
    /// <summary>Every user, oldest first.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<UserResponse>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<IReadOnlyList<UserResponse>>> List(CancellationToken cancellationToken) =>
        Ok(mapper.Map<IReadOnlyList<UserResponse>>(await mediator.Send(new ListUsersQuery(), cancellationToken)));

    /// <summary>Changes a user's role (USER, ADMIN) or deactivates them (is_active: false); their tokens stop working at once.</summary>
    [HttpPatch("{userId}")]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<UserResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<UserResponse>> Update(long userId, [FromBody] UpdateUserRequest body, CancellationToken cancellationToken)
    {
        if (body.Role is null && body.IsActive is null)
        {
            throw DomainValidationException.ForField(UserRoles.Field, "Nothing to change: send 'role' (USER or ADMIN) and/or 'is_active'.");
        }

        var role = body.Role is null ? null : UserRoles.Parse(body.Role);
        return mapper.Map<UserResponse>(await mediator.Send(new UpdateUserCommand(userId, role, body.IsActive), cancellationToken));
    }
}
