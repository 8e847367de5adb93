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
public sealed class HealthController(IMediator mediator, IHostEnvironment environment) : ControllerBase
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
    public IActionResult Live() => Ok(Report(true, "not checked"));

    /// <summary>Readiness: 200 when the database answers, 503 when it does not.</summary>
    [HttpGet("ready")]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<HealthResponse>(StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> Ready(CancellationToken cancellationToken) => ReportAsync(cancellationToken);

    private async Task<IActionResult> ReportAsync(CancellationToken cancellationToken)
    {
        if (await mediator.Send(new CheckDatabaseQuery(), cancellationToken))
        {
            return Ok(Report(true, "up"));
        }

        Response.Headers.RetryAfter = ErrorResponses.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var report = Report(false, "down");
        report.Error = ErrorEnvelope.Of(ErrorCodes.DatabaseUnavailable.Value, "The database is not answering.").Error;
        return StatusCode(StatusCodes.Status503ServiceUnavailable, report);
    }

    private HealthResponse Report(bool online, string database) => new()
    {
        Status = online ? "online" : "offline",
        Database = database,
        DatabaseStatus = database == "down" ? "disconnected" : "connected",
        Environment = environment.EnvironmentName,
        Version = Version,
        Timestamp = DateTime.UtcNow,
    };
}
