using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Infrastructure;
using Faultline.Application.Anomalies.Queries.GetAnomaly;
using Faultline.Application.Anomalies.Queries.ListAnomalies;
using Faultline.Application.Anomalies;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Controllers;

/// <summary>An app's anomalies: spikes and error-rate rises against the same window of the previous 7 days.</summary>
[ApiController]
[Route(RouteTemplates.Apps + "/{appId}/anomalies")]
[Route(RouteTemplates.VersionedApps + "/{appId}/anomalies")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class AnomaliesController(IMediator mediator) : ControllerBase
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Newest first; severity LOW, MEDIUM, HIGH or CRITICAL; since: windows ending after this time (RFC 3339).</summary>
    [HttpGet]
    [ProducesResponseType<AnomalyListResponse>(StatusCodes.Status200OK)]
    public async Task<AnomalyListResponse> List(long appId, string? severity, string? since, int? limit, long? offset, CancellationToken cancellationToken)
    {
        var paging = Paging.Create(limit, offset, DefaultLimit, MaxLimit);
        var page = await mediator.Send(new ListAnomaliesQuery(appId, null, ParseSeverity(severity), Timestamp.ParseOptional(since, "Since"), paging), cancellationToken);
        return new AnomalyListResponse
        {
            Items = page.Items,
            Total = page.Total,
            NextOffset = paging.Offset + page.Items.Count < page.Total ? paging.Offset + page.Items.Count : null,
        };
    }

    /// <summary>One anomaly with its baseline.</summary>
    [HttpGet("{anomalyId:long}")]
    [ProducesResponseType<AnomalyDto>(StatusCodes.Status200OK)]
    public Task<AnomalyDto> Get(long appId, long anomalyId, CancellationToken cancellationToken) =>
        mediator.Send(new GetAnomalyQuery(anomalyId, appId, null), cancellationToken);

    /// <summary>One of the four severities, case-insensitive; absent means any.</summary>
    public static string? ParseSeverity(string? severity)
    {
        if (string.IsNullOrWhiteSpace(severity))
        {
            return null;
        }

        var upper = severity.Trim().ToUpperInvariant();
        return Domain.Events.AnomalyRules.Severities.Contains(upper)
            ? upper
            : throw DomainValidationException.ForField("Severity", $"{FieldError.FieldToken} must be one of LOW, MEDIUM, HIGH, CRITICAL.");
    }
}

public sealed class AnomalyListResponse
{
    public required IReadOnlyList<AnomalyDto> Items { get; init; }

    public long Total { get; init; }

    public long? NextOffset { get; init; }
}
