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
public sealed class LogHunterHealthController(IMediator sender, IEnumerable<Faultline.Application.Analysis.IAiProvider> providers) : ControllerBase
{
    /// <summary>database: up or down; ai_provider: builtin (none configured), up, or down.</summary>
    [HttpGet]
    [ProducesResponseType<DataEnvelope<HealthData>>(StatusCodes.Status200OK)]
    [ProducesResponseType<DataEnvelope<HealthData>>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Health(CancellationToken cancellationToken)
    {
        var database = await sender.Send(new CheckDatabaseQuery(), cancellationToken);
        var provider = providers.FirstOrDefault();
        var ai = provider is null ? "builtin" : await provider.IsReachableAsync(cancellationToken) ? "up" : "down";
        var healthy = database && ai != "down";
        var data = new HealthData
        {
            Status = healthy ? "ok" : "degraded",
            Checks = new HealthChecks { Database = database ? "up" : "down", AiProvider = ai },
        };
        return StatusCode(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new DataEnvelope<HealthData> { Data = data });
    }
}
