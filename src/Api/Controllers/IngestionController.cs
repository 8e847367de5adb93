using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Events;
using Faultline.Application.Events.Commands.IngestEvent;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>Event ingestion, authenticated by the app's ingest key rather than operator credentials.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/events")]
[Route(RouteTemplates.VersionedApps + "/{appId}/events")]
[Authorize(Policy = AuthPolicies.Ingest)]
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
    public async Task<ActionResult<IngestedEventResponse>> Ingest(long appId, [FromBody] IngestEventRequest body, CancellationToken cancellationToken)
    {
        var newEvent = EventInputReader.Read(mapper.Map<EventInput>(body));
        var stored = await mediator.Send(new IngestEventCommand(appId, newEvent), cancellationToken);
        return StatusCode(StatusCodes.Status201Created, mapper.Map<IngestedEventResponse>(stored));
    }
}
