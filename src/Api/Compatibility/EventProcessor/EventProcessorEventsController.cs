using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Api.Input;
using Faultline.Application.Access;
using Faultline.Application.Analytics.Queries.GetIngestionFigures;
using Faultline.Application.Events.Commands.IngestBatch;
using Faultline.Application.Events.Commands.IngestEvent;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Faultline.Api.Compatibility.EventProcessor;

/// <summary>
/// Event ingestion of the Event Processor API, with the app's ingest key in x-api-key (or Authorization: Bearer).
/// Acknowledged only after the commit; an eventId the app already sent is a duplicate, not stored again.
/// </summary>
[ApiController]
[Route("api/v1/events")]
[EventProcessorErrorWriter]
[Tags(SurfaceNames.EventProcessor)]
[Authorize(Policy = AuthPolicies.IngestOwnApp)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status400BadRequest)]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType(StatusCodes.Status413PayloadTooLarge)]
[ProducesResponseType(StatusCodes.Status429TooManyRequests)]
[ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
public sealed class EventProcessorEventsController(IMediator mediator) : ControllerBase
{
    /// <summary>Ingests one event: 202 when new, 200 when its eventId was already processed.</summary>
    [HttpPost]
    [EnableCors(ApiServices.IngestionCorsPolicy)]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<EventProcessorEnvelope<EventProcessorIngestResult>>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<EventProcessorEnvelope<EventProcessorIngestResult>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Ingest([FromBody, ValidateNever] EventProcessorEventRequest body, CancellationToken cancellationToken)
    {
        var newEvent = EventProcessorEvents.Read(body);
        var stored = await mediator.Send(new IngestEventCommand(AppId, newEvent), cancellationToken);
        var result = new EventProcessorIngestResult
        {
            EventId = newEvent.EventId ?? EventProcessorEvents.GeneratedEventId(stored.Id),
            Accepted = !stored.Duplicate,
            Duplicate = stored.Duplicate,
            Message = stored.Duplicate ? "Event already processed (duplicate)" : "Event accepted for processing",
        };
        return StatusCode(stored.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status202Accepted, EventProcessorEnvelope.Of(result));
    }

    /// <summary>Ingests 1 to 1,000 events in one commit; one invalid event rejects the batch (its index is in the error).</summary>
    [HttpPost("batch")]
    [PermitsPerEvent]
    [EnableCors(ApiServices.IngestionCorsPolicy)]
    [Consumes("application/json")]
    [RequestBodyLimit(10 * RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<EventProcessorEnvelope<EventProcessorBatchResult>>(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> IngestBatch([FromBody, ValidateNever] EventProcessorBatchRequest body, CancellationToken cancellationToken)
    {
        var events = EventInputReader.ReadAll(body.Events, EventProcessorEvents.Read);
        HttpContext.TakeEventPermits(events.Count);
        var stored = await mediator.Send(new IngestBatchCommand(AppId, events), cancellationToken);
        var result = new EventProcessorBatchResult
        {
            Accepted = stored.Accepted,
            Duplicates = stored.Duplicates,
            Total = stored.Total,
            EventIds = events.Select((item, index) => item.EventId ?? EventProcessorEvents.GeneratedEventId(stored.Ids[index])).ToList(),
            Message = "Batch processed successfully",
        };
        return StatusCode(StatusCodes.Status202Accepted, EventProcessorEnvelope.Of(result));
    }

    /// <summary>The key's app: events stored per second over the last minute, and events stored all time.</summary>
    [HttpGet("stats")]
    [ProducesResponseType<EventProcessorEnvelope<EventProcessorStats>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Stats(CancellationToken cancellationToken)
    {
        var figures = await mediator.Send(new GetIngestionFiguresQuery(AppId), cancellationToken);
        return Ok(EventProcessorEnvelope.Of(new EventProcessorStats
        {
            IngestionRate = Math.Round(figures.IngestionRate, 2),
            TotalIngested = figures.TotalIngested,
            Timestamp = figures.Timestamp,
        }));
    }

    /// <summary>The app of the ingest key that authenticated the request.</summary>
    private long AppId => User.Caller().Apps![0];
}
