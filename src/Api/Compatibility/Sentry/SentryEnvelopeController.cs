using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Application.Events.Commands.IngestBatch;
using Faultline.Application.Events.Commands.IngestEvent;
using Faultline.Domain.Events;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// Sentry's envelope protocol, so applications carrying a Sentry SDK report to Faultline by pointing their
/// DSN at it: <c>http://&lt;ingest key&gt;@&lt;host&gt;/&lt;app id&gt;</c>. Bodies come with any content type or
/// none, chunked and compressed, so they are read here rather than bound by MVC. Answered only once
/// committed, like every ingestion path; never with Retry-After on success, which SDKs would obey.
/// </summary>
[ApiController]
[Route("api/{appId:long}")]
[Authorize(Policy = AuthPolicies.SentryIngest)]
[EnableCors(SentryServices.CorsPolicy)]
[SentryErrorWriter]
[Produces("application/json")]
[ProducesResponseType<SentryAcceptedResponse>(StatusCodes.Status200OK)]
[ProducesResponseType(StatusCodes.Status400BadRequest)]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType(StatusCodes.Status403Forbidden)]
[ProducesResponseType(StatusCodes.Status413PayloadTooLarge)]
[ProducesResponseType(StatusCodes.Status415UnsupportedMediaType)]
[ProducesResponseType(StatusCodes.Status429TooManyRequests)]
[ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
public sealed class SentryEnvelopeController(IMediator mediator) : ControllerBase
{
    /// <summary>An envelope: its event items are stored, every other item is accepted and dropped. A rate-limited key spends one permit per event.</summary>
    [HttpPost("envelope")]
    [PermitsPerEvent]
    public async Task<ActionResult<SentryAcceptedResponse>> Envelope(long appId, CancellationToken cancellationToken)
    {
        var envelope = await SentryEnvelope.ReadAsync(
            SentryBody.Open(Request, SentryEnvelope.MaxCompressedBytes, SentryEnvelope.MaxInflatedBytes), cancellationToken);
        if (envelope.Events.Count > 0)
        {
            HttpContext.TakeEventPermits(envelope.Events.Count);
            await StoreAsync(appId, envelope.Events, cancellationToken);
        }

        return new JsonBodyResult<SentryAcceptedResponse>(StatusCodes.Status200OK, new SentryAcceptedResponse { Id = envelope.EventId });
    }

    /// <summary>The legacy endpoint: one event as JSON.</summary>
    [HttpPost("store")]
    public async Task<ActionResult<SentryAcceptedResponse>> Store(long appId, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await SentryBody.Open(Request, SentryEnvelope.MaxEventBytes, SentryEnvelope.MaxEventBytes).CopyToAsync(body, cancellationToken);
        var stored = SentryEnvelope.ReadStoredEvent(body.GetBuffer().AsMemory(0, (int)body.Length), out var eventId);
        await StoreAsync(appId, [stored], cancellationToken);
        return Ok(new SentryAcceptedResponse { Id = eventId });
    }

    private Task StoreAsync(long appId, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken) =>
        events.Count == 1
            ? mediator.Send(new IngestEventCommand(appId, events[0]), cancellationToken)
            : mediator.Send(new IngestBatchCommand(appId, events), cancellationToken);
}
