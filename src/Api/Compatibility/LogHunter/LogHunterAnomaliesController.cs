using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Api.Controllers;
using Faultline.Application.Access;
using Faultline.Application.Anomalies.Queries.GetAnomaly;
using Faultline.Application.Anomalies.Queries.ListAnomalies;
using Faultline.Application.Anomalies;
using Faultline.Application.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>LogHunter's anomalies: those of the apps the credential may see.</summary>
[ApiController]
[Route("api/v1/anomalies")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class LogHunterAnomaliesController(IMediator mediator, IClock clock) : ControllerBase
{
    /// <summary>Newest first; service (an app's name), severity, since (30m, 2h, 1d, 7d; default 7d).</summary>
    [HttpGet]
    [ProducesResponseType<PageEnvelope<AnomalyView>>(StatusCodes.Status200OK)]
    public async Task<PageEnvelope<AnomalyView>> List(string? service, string? severity, string? since, int? page, int? limit, CancellationToken cancellationToken)
    {
        var paging = LogHunterPaging.Create(page, limit);
        var severityValue = AnomaliesController.ParseSeverity(severity);
        var window = LookBack.Resolve(since, null, null, clock.UtcNow, TimeSpan.FromDays(7));
        long? appId = service is null ? null : await LogHunterInput.AppAsync(mediator, User, service, cancellationToken);
        var found = await mediator.Send(new ListAnomaliesQuery(appId, User.Caller().Apps, severityValue, window.Since, paging), cancellationToken);
        return LogHunterPaging.Envelope(found.Items.Select(AnomalyView.Of).ToList(), paging, found.Total);
    }

    /// <summary>One anomaly with its baseline; another tenant's is 404.</summary>
    [HttpGet("{anomalyId}")]
    [ProducesResponseType<DataEnvelope<AnomalyView>>(StatusCodes.Status200OK)]
    public async Task<DataEnvelope<AnomalyView>> Get(string anomalyId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(anomalyId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            throw new NotFoundException(Domain.Common.ErrorCodes.ResourceNotFound, $"No anomaly {anomalyId}.");
        }

        return new DataEnvelope<AnomalyView> { Data = AnomalyView.Of(await mediator.Send(new GetAnomalyQuery(id, null, User.Caller().Apps), cancellationToken)) };
    }
}

public sealed class AnomalyView
{
    public long AnomalyId { get; init; }

    public required string Service { get; init; }

    public long? ClusterId { get; init; }

    /// <summary>The cluster's (error group's) title, for a cluster's anomaly.</summary>
    public string? ClusterTitle { get; init; }

    public required string Type { get; init; }

    public required string Severity { get; init; }

    public double Observed { get; init; }

    public double BaselineMean { get; init; }

    public double BaselineStddev { get; init; }

    public double Ratio { get; init; }

    public DateTime WindowStart { get; init; }

    public DateTime WindowEnd { get; init; }

    public DateTime DetectedAt { get; init; }

    public static AnomalyView Of(AnomalyDto anomaly) => new()
    {
        AnomalyId = anomaly.Id,
        Service = anomaly.AppName,
        ClusterId = anomaly.GroupId,
        ClusterTitle = anomaly.GroupTitle,
        Type = anomaly.Kind,
        Severity = anomaly.Severity,
        Observed = anomaly.Observed,
        BaselineMean = anomaly.BaselineMean,
        BaselineStddev = anomaly.BaselineStddev,
        Ratio = anomaly.Ratio,
        WindowStart = anomaly.WindowStart,
        WindowEnd = anomaly.WindowEnd,
        DetectedAt = anomaly.DetectedAt,
    };
}
