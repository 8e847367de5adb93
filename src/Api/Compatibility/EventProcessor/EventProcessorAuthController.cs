using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Apps.Commands.EnsureDefaultApp;
using Faultline.Application.Keys.Commands.CreateIngestKey;
using Faultline.Application.Users.Commands.RequestSignInCode;
using Faultline.Application.Users.Commands.VerifySignInCode;
using Faultline.Application.Users.Queries.GetUser;
using Faultline.Domain.Common;
using Faultline.Domain.Keys;
using Faultline.Domain.Users;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>
/// The Event Processor API's sign-in by emailed code: request a code, verify it for a token, make an ingest
/// key for the user's default app, who am I. camelCase, in its <c>{"success": true, "data": ...}</c> envelope.
/// </summary>
[ApiController]
[EventProcessorErrorWriter]
[Route("api/auth")]
[Produces("application/json")]
public sealed partial class EventProcessorAuthController(IMediator mediator, SignInThrottle throttle) : ControllerBase
{
    /// <summary>Sends a six-digit code (valid 10 minutes, single use); the answer is the same whether or not the email has an account.</summary>
    [HttpPost("request-code")]
    [AllowAnonymous]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<EventProcessorEnvelope<CodeSentData>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<EventProcessorEnvelope<CodeSentData>>> RequestCode([FromBody] RequestCodeBody body, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(body.Email);
        throttle.Attempt(HttpContext, email.Value);
        await mediator.Send(new RequestSignInCodeCommand(email), cancellationToken);
        return Camel(EventProcessorEnvelope.Of(new CodeSentData($"Verification code sent to {email.Value}")));
    }

    /// <summary>Verifies the code: a token and the user (created at first sign-in, role USER). A wrong or expired code is 401 INVALID_CODE.</summary>
    [HttpPost("verify")]
    [AllowAnonymous]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<EventProcessorEnvelope<VerifiedData>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<EventProcessorEnvelope<VerifiedData>>> Verify([FromBody] VerifyBody body, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Create(body.Email);
        if (body.Code is null || !SixDigits().IsMatch(body.Code))
        {
            throw DomainValidationException.ForField("Code", $"{FieldError.FieldToken} must be the six digits sent by email.");
        }

        throttle.Attempt(HttpContext, email.Value);
        var signedIn = await mediator.Send(new VerifySignInCodeCommand(email, body.Code), cancellationToken);
        return Camel(EventProcessorEnvelope.Of(new VerifiedData(
            signedIn.Token, new SignedInUser(signedIn.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), signedIn.User.Email, signedIn.User.Role))));
    }

    /// <summary>Makes an ingest key for the signed-in user's default app (made at first use); the key is shown only here.</summary>
    [HttpPost("api-key")]
    [Authorize(Policy = AuthPolicies.SignedIn)]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<EventProcessorEnvelope<ApiKeyData>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<EventProcessorEnvelope<ApiKeyData>>> CreateApiKey(
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] ApiKeyBody? body, CancellationToken cancellationToken)
    {
        var appId = await mediator.Send(new EnsureDefaultAppCommand(User.Caller().UserId!.Value), cancellationToken);
        var key = await mediator.Send(new CreateIngestKeyCommand(
            appId, KeyName.Create(string.IsNullOrWhiteSpace(body?.Name) ? "Event Processor key" : body.Name), null, KeyRateLimit.Create(null)), cancellationToken);
        return Camel(EventProcessorEnvelope.Of(new ApiKeyData(
            key.Key, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "API key generated successfully")));
    }

    /// <summary>The signed-in user.</summary>
    [HttpGet("me")]
    [Authorize(Policy = AuthPolicies.SignedIn)]
    [ProducesResponseType<EventProcessorEnvelope<MeData>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<EventProcessorEnvelope<MeData>>> Me(CancellationToken cancellationToken)
    {
        var user = await mediator.Send(new GetUserQuery(User.Caller().UserId!.Value), cancellationToken);
        return Camel(EventProcessorEnvelope.Of(new MeData(
            user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Email, user.Role, user.CreatedAt)));
    }

    /// <summary>The Event Processor API's clients read camelCase; the canonical API writes snake_case.</summary>
    private static JsonResult Camel<T>(T value) => new(value, EventProcessorJson.Options);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{6}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SixDigits();
}

internal static class EventProcessorJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcDateTimeConverter() },
    };
}

public sealed class RequestCodeBody
{
    public string? Email { get; set; }
}

public sealed class VerifyBody
{
    public string? Email { get; set; }

    public string? Code { get; set; }
}

public sealed class ApiKeyBody
{
    public string? Name { get; set; }
}

public sealed record CodeSentData(string Message);

public sealed record SignedInUser(string Id, string Email, string Role);

public sealed record VerifiedData(string Token, SignedInUser User);

public sealed record ApiKeyData(string ApiKey, string KeyId, string Message);

public sealed record MeData(string Id, string Email, string Role, DateTime CreatedAt);
