using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Infrastructure;
using Faultline.Api.Input;
using Faultline.Application.Access;
using Faultline.Application.Events.Commands.IngestEvent;
using Faultline.Application.Events.Queries.ListEvents;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Faultline.Api.Compatibility.FrontendMonitoring;

/// <summary>Events of the Frontend Monitoring API: browser SDKs post with X-API-Key; operators list a project's events.</summary>
[ApiController]
[FrontendMonitoringErrorWriter]
[Tags(SurfaceNames.FrontendMonitoring)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType(StatusCodes.Status422UnprocessableEntity)]
public sealed class FrontendEventsController(IMediator mediator, IMapper mapper) : ControllerBase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Stores one event for the project whose key is in X-API-Key; answers 201 with the stored event.</summary>
    [HttpPost("api/events")]
    [Authorize(Policy = AuthPolicies.IngestOwnApp)]
    [EnableCors(ApiServices.IngestionCorsPolicy)]
    [Consumes("application/json")]
    [RequestBodyLimit(RequestBodyLimitAttribute.OneMebibyte)]
    [ProducesResponseType<FrontendEventResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<FrontendEventResponse>> Ingest([FromBody, ValidateNever] FrontendEventRequest body, CancellationToken cancellationToken)
    {
        var appId = User.Caller().Apps![0];
        var newEvent = FrontendMonitoringProfile.Read(body);
        var stored = await mediator.Send(new IngestEventCommand(appId, newEvent), cancellationToken);
        return new JsonBodyResult<FrontendEventResponse>(
            StatusCodes.Status201Created, FrontendMonitoringProfile.Stored(appId, stored.Id, stored.ReceivedAt, newEvent, body));
    }

    /// <summary>A project's events, newest occurred_at first, a page at a time; search is case-insensitive text in name, message or page_url.</summary>
    /// <param name="appId">The project.</param>
    /// <param name="eventType">error, performance, interaction or custom.</param>
    /// <param name="userId">Exact user id.</param>
    /// <param name="sessionId">Exact session id.</param>
    /// <param name="environment">Exact environment.</param>
    /// <param name="release">Exact release.</param>
    /// <param name="search">Text in name, message or page_url (% and _ are literal).</param>
    /// <param name="occurredFrom">Events that occurred at or after this time.</param>
    /// <param name="occurredTo">Events that occurred at or before this time.</param>
    /// <param name="page">1 or more, default 1.</param>
    /// <param name="pageSize">1 to 200, default 50.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away.</param>
    [HttpGet("api/events/project/{appId:long}")]
    [Authorize(Policy = AuthPolicies.OperatorRead)]
    [ProducesResponseType<FrontendEventPageResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<FrontendEventPageResponse>> List(
        long appId,
        [FromQuery(Name = "event_type")] string? eventType,
        [FromQuery(Name = "user_id")] string? userId,
        [FromQuery(Name = "session_id")] string? sessionId,
        string? environment,
        string? release,
        string? search,
        [FromQuery(Name = "occurred_from")] string? occurredFrom,
        [FromQuery(Name = "occurred_to")] string? occurredTo,
        int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        CancellationToken cancellationToken)
    {
        var pageNumber = page ?? 1;
        if (pageNumber < 1)
        {
            throw DomainValidationException.ForField("Page", $"{FieldError.FieldToken} must be 1 or more.");
        }

        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw DomainValidationException.ForField("PageSize", $"{FieldError.FieldToken} must be between 1 and {MaxPageSize}.");
        }

        var filter = new EventFilterText
        {
            UserId = userId, SessionId = sessionId, Environment = environment, Release = release, Text = search,
            OccurredFrom = occurredFrom, OccurredTo = occurredTo,
        }.Read() with
        {
            Kind = eventType is null ? null : FrontendMonitoringProfile.ParseEventType(eventType, required: true),
        };
        var paging = new Paging(size, (long)(pageNumber - 1) * size);
        var events = await mediator.Send(new ListEventsQuery(appId, paging, filter, Order: EventOrder.OccurredAt, CountTotal: true), cancellationToken);
        return new FrontendEventPageResponse
        {
            Items = mapper.Map<IReadOnlyList<FrontendEventResponse>>(events.Items),
            Total = events.Total ?? 0,
            Page = pageNumber,
            PageSize = size,
        };
    }
}
