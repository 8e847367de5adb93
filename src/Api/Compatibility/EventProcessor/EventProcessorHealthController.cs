using System.Diagnostics;
using Faultline.Api.Controllers;
using Faultline.Application.Health.Queries.CheckDatabase;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>The Event Processor API's probes; PostgreSQL is the one service Faultline depends on.</summary>
[ApiController]
[Route("api")]
[AllowAnonymous]
[EventProcessorErrorWriter]
[Tags(SurfaceNames.EventProcessor)]
[Produces("application/json")]
public sealed class EventProcessorHealthController(IMediator mediator) : ControllerBase
{
    private static readonly DateTime StartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>healthy with the database up; unhealthy (503) with it down.</summary>
    [HttpGet("health")]
    [ProducesResponseType<EventProcessorHealth>(StatusCodes.Status200OK)]
    [ProducesResponseType<EventProcessorHealth>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Health(CancellationToken cancellationToken)
    {
        var up = await mediator.Send(new CheckDatabaseQuery(), cancellationToken);
        var now = DateTime.UtcNow;
        var health = new EventProcessorHealth
        {
            Status = up ? "healthy" : "unhealthy",
            Version = HealthController.Version,
            Uptime = (long)(now - StartedAt).TotalSeconds,
            Timestamp = now,
            Services = new Dictionary<string, EventProcessorServiceStatus> { ["postgres"] = new() { Status = up ? "up" : "down" } },
        };
        return StatusCode(up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, health);
    }

    /// <summary>Readiness: ready while the database answers, 503 otherwise.</summary>
    [HttpGet("ready")]
    [ProducesResponseType<EventProcessorReady>(StatusCodes.Status200OK)]
    [ProducesResponseType<EventProcessorReady>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Ready(CancellationToken cancellationToken)
    {
        var up = await mediator.Send(new CheckDatabaseQuery(), cancellationToken);
        return StatusCode(up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new EventProcessorReady { Ready = up });
    }

    /// <summary>Liveness: the process serves HTTP (the database is not consulted).</summary>
    [HttpGet("live")]
    [ProducesResponseType<EventProcessorLive>(StatusCodes.Status200OK)]
    public IActionResult Live() => Ok(new EventProcessorLive { Live = true });
}
