using System.Reflection;
using Faultline.Api.Contracts;
using Faultline.Api.Errors;
using Faultline.Application.Health.Queries.CheckDatabase;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Health for people and orchestrators; no credentials needed.</summary>
[ApiController]
[Route("health")]
[AllowAnonymous]
[Produces("application/json")]
public sealed class HealthController(IMediator mediator) : ControllerBase
{
    internal static readonly string Version =
        typeof(HealthController).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>200 when PostgreSQL answers, 503 when it does not.</summary>
    [HttpGet]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Health(CancellationToken cancellationToken) => ReportAsync(cancellationToken);

    /// <summary>Liveness: the process is up and serving HTTP (the database is not consulted).</summary>
    [HttpGet("live")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    public IActionResult Live() => Ok(new HealthResponse { Status = "ok", Database = "not checked", Version = Version });

    /// <summary>Readiness: 200 when the database answers, 503 when it does not.</summary>
    [HttpGet("ready")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Ready(CancellationToken cancellationToken) => ReportAsync(cancellationToken);

    private async Task<IActionResult> ReportAsync(CancellationToken cancellationToken)
    {
        if (await mediator.Send(new CheckDatabaseQuery(), cancellationToken))
        {
            return Ok(new HealthResponse { Status = "ok", Database = "up", Version = Version });
        }

        Response.Headers.RetryAfter = ErrorResponses.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StatusCode(StatusCodes.Status503ServiceUnavailable, new HealthResponse
        {
            Status = "unavailable",
            Database = "down",
            Version = Version,
            Error = ErrorEnvelope.Of(ErrorCodes.DatabaseUnavailable.Value, "The database is not answering.").Error,
        });
    }
}
