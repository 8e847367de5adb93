using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Users;
using Faultline.Application.Users.Commands.RegisterUser;
using Faultline.Application.Users.Commands.SignIn;
using Faultline.Application.Users.Queries.GetUser;
using Faultline.Domain.Users;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.ApiAnalytics;

/// <summary>The API Analytics API's accounts: register, sign in with a password, who am I.</summary>
[ApiController]
[ApiAnalyticsErrors]
[Produces("application/json")]
public sealed class ApiAnalyticsAccountsController(IMediator mediator, SignInThrottle throttle) : ControllerBase
{
    /// <summary>Creates an account. The password must be hard to guess (the answer says why one is not).</summary>
    [HttpPost("api/v1/auth/register")]
    [AllowAnonymous]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status201Created)]
    public async Task<ActionResult<AccountResponse>> Register([FromBody] RegisterRequest body, CancellationToken cancellationToken)
    {
        throttle.Attempt(HttpContext, body.Email);
        var user = await mediator.Send(new RegisterUserCommand(
            EmailAddress.Create(body.Email), Password.Create(body.Password), FullName.CreateOptional(body.FullName)), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, Account(user));
    }

    /// <summary>Signs in: an access token for 'Authorization: Bearer'. A wrong email or password is 401, and which one is not said.</summary>
    [HttpPost("api/v1/auth/login")]
    [AllowAnonymous]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<AccessTokenResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<AccessTokenResponse>> Login([FromBody] LoginRequest body, CancellationToken cancellationToken)
    {
        throttle.Attempt(HttpContext, body.Email);
        var signedIn = await mediator.Send(new SignInCommand(body.Email?.Trim() ?? string.Empty, Password.Presented(body.Password)?.Value), cancellationToken);
        return new AccessTokenResponse { AccessToken = signedIn.Token, ExpiresIn = signedIn.ExpiresInSeconds };
    }

    /// <summary>The signed-in user.</summary>
    [HttpGet("api/v1/users/me")]
    [Authorize(Policy = AuthPolicies.SignedIn)]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<AccountResponse>> Me(CancellationToken cancellationToken) =>
        Account(await mediator.Send(new GetUserQuery(User.Caller().UserId!.Value), cancellationToken));

    private static AccountResponse Account(UserDto user) => new()
    {
        Id = user.Id, Email = user.Email, FullName = user.FullName, IsActive = user.IsActive, Role = user.Role, CreatedAt = user.CreatedAt,
    };
}
