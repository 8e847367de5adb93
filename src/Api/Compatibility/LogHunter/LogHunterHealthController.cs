using Faultline.Application.Health.Queries.CheckDatabase;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>LogHunter's health check: no credentials; 503 when a check fails.</summary>
[ApiController]
[Route("api/v1/health")]
[AllowAnonymous]
[Produces("application/json")]
public sealed class LogHunterHealthController(IMediator sender) : ControllerBase
{
    /// <summary>database: up or down; ai_provider: builtin (none configured), up, or down.</summary>
    [HttpGet]
    [ProducesResponseType<DataEnvelope<HealthData>>(StatusCodes.Status200OK)]
    [ProducesResponseType<DataEnvelope<HealthData>>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Health(CancellationToken cancellationToken)
    {
        var database = await sender.Send(new CheckDatabaseQuery(), cancellationToken);
        const string ai = "builtin";
        var data = new HealthData
        {
            Status = database ? "ok" : "degraded",
            Checks = new HealthChecks { Database = database ? "up" : "down", AiProvider = ai },
        };
        return StatusCode(database ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new DataEnvelope<HealthData> { Data = data });
    }
}
