using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Api.Input;
using Faultline.Application.Common;
using Faultline.Application.Events.Commands.IngestBatch;
using Faultline.Application.Events.Commands.IngestEvent;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Faultline.Api.Controllers;

/// <summary>
/// Event ingestion, authenticated by the app's ingest key rather than operator credentials. The bodies are
/// read and checked by <see cref="EventInputReader"/>, so MVC's attribute validation is skipped
/// (<see cref="ValidateNeverAttribute"/>): walking a thousand events for rules they do not carry costs CPU.
/// </summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/events")]
[Route(RouteTemplates.VersionedApps + "/{appId}/events")]
[Authorize(Policy = AuthPolicies.Ingest)]
[EnableCors(ApiServices.IngestionCorsPolicy)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status413PayloadTooLarge)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status415UnsupportedMediaType)]
public sealed class IngestionController(IMediator mediator, IMapper mapper) : ControllerBase
{
    /// <summary>Stores one event. Needs the app's key in X-INGEST-KEY (or X-API-Key, or Authorization: Bearer).</summary>
    [HttpPost]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<IngestedEventResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<IngestedEventResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<IngestedEventResponse>> Ingest(
        long appId, [FromBody, ValidateNever] IngestEventRequest body, CancellationToken cancellationToken)
    {
        StageClock.Mark("MVC: model binding, JSON input formatter");
        var input = mapper.Map<EventInput>(body);
        StageClock.Mark("AutoMapper: request");
        var newEvent = EventInputReader.Read(input);
        StageClock.Mark("validation");
        var stored = await mediator.Send(new IngestEventCommand(appId, newEvent), cancellationToken);
        StageClock.Mark("MediatR: return");
        var response = mapper.Map<IngestedEventResponse>(stored);
        StageClock.Mark("AutoMapper: response");
        return new JsonBodyResult<IngestedEventResponse>(stored.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created, response);
    }

    /// <summary>Stores up to 1,000 events (10 MiB) in one commit; any invalid event rejects the batch with per-index errors. A rate-limited key spends one permit per event.</summary>
    [HttpPost("batch")]
    [PermitsPerEvent]
    [Consumes("application/json")]
    [RequestBodyLimit(10 * RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<IngestedBatchResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ErrorEnvelope>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<IngestedBatchResponse>> IngestBatch(
        long appId, [FromBody, ValidateNever] IngestBatchRequest body, CancellationToken cancellationToken)
    {
        var events = EventInputReader.ReadAll(body.Events?.Select(item => item is null ? null : mapper.Map<EventInput>(item)).ToList());
        // A limited key pays per event; a batch larger than the permits left is refused whole, before it is queued.
        HttpContext.TakeEventPermits(events.Count);
        return mapper.Map<IngestedBatchResponse>(await mediator.Send(new IngestBatchCommand(appId, events), cancellationToken));
    }
}
