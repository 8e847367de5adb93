using System.Globalization;
using System.Text.Json;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Application.Access;
using Faultline.Application.Apps.Queries.ListApps;
using Faultline.Application.Common;
using Faultline.Application.Groups;
using Faultline.Application.Groups.Queries.ListClusters;
using Faultline.Domain.Common;
using Faultline.Domain.Time;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>LogHunter's clusters: the error groups of the apps the credential may see.</summary>
[ApiController]
[Route("api/v1/clusters")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class LogHunterClustersController(IMediator mediator, IClock clock) : ControllerBase
{
    /// <summary>Most recently seen first; service (an app's name), namespace, level, since (30m, 2h, 1d, 7d; default 7d).</summary>
    [HttpGet]
    [ProducesResponseType<PageEnvelope<ClusterView>>(StatusCodes.Status200OK)]
    public async Task<PageEnvelope<ClusterView>> List(
        string? service, string? @namespace, string? level, string? since, int? page, int? limit, CancellationToken cancellationToken)
    {
        var paging = LogHunterPaging.Create(page, limit);
        var window = LookBack.Resolve(since, null, null, clock.UtcNow, TimeSpan.FromDays(7));
        var levelValue = string.IsNullOrWhiteSpace(level) ? (Domain.Events.Level?)null : Domain.Events.Levels.Parse(level, "Level");
        var environment = LogHunterInput.Namespace(@namespace);
        long? appId = service is null ? null : await LogHunterInput.AppAsync(mediator, User, service, cancellationToken);
        var found = await mediator.Send(
            new ListClustersQuery(appId, User.Caller().Apps, environment, levelValue, window.Since, paging), cancellationToken);
        var services = await ServicesAsync(cancellationToken);
        return LogHunterPaging.Envelope(found.Items.Select(group => ClusterView.Of(group, services, environment, null)).ToList(), paging, found.Total);
    }

    /// <summary>One cluster with the latest analysis that covered it; another tenant's is 404.</summary>
    [HttpGet("{clusterId}")]
    [ProducesResponseType<DataEnvelope<ClusterView>>(StatusCodes.Status200OK)]
    public async Task<DataEnvelope<ClusterView>> Get(string clusterId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(clusterId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new NotFoundException(ErrorCodes.ResourceNotFound, $"No cluster {clusterId}.");
        }

        var found = await mediator.Send(new GetClusterQuery(id, User.Caller().Apps), cancellationToken);
        var analysis = found.Analysis is null ? (JsonElement?)null : JsonDocument.Parse(found.Analysis).RootElement.Clone();
        return new DataEnvelope<ClusterView> { Data = ClusterView.Of(found.Group, await ServicesAsync(cancellationToken), null, analysis) };
    }

    private async Task<IReadOnlyDictionary<long, string>> ServicesAsync(CancellationToken cancellationToken) =>
        (await mediator.Send(new ListAppsQuery(User.Caller().Apps), cancellationToken)).ToDictionary(app => app.Id, app => app.Name);
}

public sealed class ClusterView
{
    public long ClusterId { get; init; }

    public required string Service { get; init; }

    /// <summary>The namespace the list was asked for; null when it covers every namespace.</summary>
    public string? Namespace { get; init; }

    public required string Level { get; init; }

    public long Count { get; init; }

    public DateTime FirstSeenAt { get; init; }

    public DateTime LastSeenAt { get; init; }

    public required string SampleMessage { get; init; }

    public required string Status { get; init; }

    /// <summary>The latest completed analysis that covered this cluster (its findings and explanation), if any.</summary>
    public JsonElement? Analysis { get; init; }

    public static ClusterView Of(GroupDto group, IReadOnlyDictionary<long, string> services, string? environment, JsonElement? analysis) => new()
    {
        ClusterId = group.Id,
        Service = services.GetValueOrDefault(group.AppId, string.Empty),
        Namespace = environment,
        Level = group.Level,
        Count = group.Count,
        FirstSeenAt = group.FirstSeen,
        LastSeenAt = group.LastSeen,
        SampleMessage = group.SampleMessage,
        Status = group.Status,
        Analysis = analysis,
    };
}
