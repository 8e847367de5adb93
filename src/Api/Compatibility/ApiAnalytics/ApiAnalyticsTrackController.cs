using System.Net;
using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Application.Access;
using Faultline.Application.Events.Commands.IngestEvent;
using Faultline.Application.Requests;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.ApiAnalytics;

/// <summary>
/// The API Analytics API's tracking call: one API call reported with the project's key in X-API-Key, stored as a
/// <c>request</c> event through the normal ingestion path and acknowledged after its commit. The client's IP is
/// never stored, only its keyed hash.
/// </summary>
[ApiController]
[ApiAnalyticsErrors]
[Route("api/v1/track")]
[Authorize(Policy = AuthPolicies.IngestOwnApp)]
[EnableCors(ApiServices.IngestionCorsPolicy)]
[Produces("application/json")]
public sealed class ApiAnalyticsTrackController(IMediator mediator, IClientAddressHasher addresses) : ControllerBase
{
    [HttpPost]
    [Consumes("application/json")]
    [RequestBodyLimit(64 * 1024)]
    [ProducesResponseType<TrackedResponse>(StatusCodes.Status200OK)]
    public async Task<ActionResult<TrackedResponse>> Track([FromBody] TrackRequest body, CancellationToken cancellationToken)
    {
        var appId = User.Caller().Apps![0];
        var path = HttpRequestFields.Path(body.UrlPath, nameof(TrackRequest.UrlPath));
        var method = HttpRequestFields.Method(body.Method, nameof(TrackRequest.Method));
        var status = HttpRequestFields.Status(body.ResponseStatusCode, nameof(TrackRequest.ResponseStatusCode));
        var duration = HttpRequestFields.DurationMs(body.ResponseTimeMs, nameof(TrackRequest.ResponseTimeMs));
        string? ipHash = null;
        if (body.Ip is not null)
        {
            ipHash = IPAddress.TryParse(body.Ip.Trim(), out var address)
                ? addresses.Hash(address)
                : throw DomainValidationException.ForField(nameof(TrackRequest.Ip), $"{FieldError.FieldToken} must be an IPv4 or IPv6 address.");
        }

        var newEvent = NewEvent.Create(new EventDraft
        {
            Kind = EventKind.Request,
            Message = $"{method} {path}",
            HttpMethod = method,
            HttpPath = path,
            StatusCode = status,
            DurationMs = duration,
            UserAgent = body.UserAgent,
            Tags = ipHash is null ? null : new Dictionary<string, string> { ["ip_hash"] = ipHash },
        });
        var stored = await mediator.Send(new IngestEventCommand(appId, newEvent), cancellationToken);
        return new TrackedResponse
        {
            Id = stored.Id, UrlPath = path, Method = method, ResponseStatusCode = status, ResponseTimeMs = duration,
            UserAgent = body.UserAgent, IpHash = ipHash, Timestamp = stored.ReceivedAt,
        };
    }
}
