using System.Text.Json;
using Faultline.Api.Auth;
using Faultline.Api.Contracts;
using Faultline.Application.Common;
using Faultline.Application.Events.Queries.SearchEvents;
using Faultline.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>LogHunter's search: a service's log lines in a window, with the clusters they fall into.</summary>
[ApiController]
[Route("api/v1/search")]
[Authorize(Policy = AuthPolicies.OperatorRead)]
[Produces("application/json")]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ErrorEnvelope>(StatusCodes.Status404NotFound)]
public sealed class LogHunterSearchController(IMediator sender, IClock clock) : ControllerBase
{
    /// <summary>Lines newest first (limit 100 by default, at most 1,000); the window is since (30m, 2h, 1d, 7d; default 1h) or start/end.</summary>
    [HttpPost]
    [ProducesResponseType<DataEnvelope<SearchResponse>>(StatusCodes.Status200OK)]
    public async Task<DataEnvelope<SearchResponse>> Search(SearchRequest request, CancellationToken cancellationToken)
    {
        var window = LogHunterInput.Window(request, clock.UtcNow, TimeSpan.FromHours(1));
        var limit = Paging.Create(request.Limit, 0, SearchEventsQuery.DefaultLimit, SearchEventsQuery.MaxLimit).Limit;
        var query = new SearchEventsQuery(
            0, window, LogHunterInput.Namespace(request.Namespace), LogHunterInput.Levels(request.Levels), LogHunterInput.Keyword(request.Keyword), limit);
        var appId = await LogHunterInput.AppAsync(sender, User, request.Service, cancellationToken);
        var found = await sender.Send(query with { AppId = appId }, cancellationToken);
        return new DataEnvelope<SearchResponse>
        {
            Data = new SearchResponse
            {
                Results = found.Hits.Select(hit => new SearchResultLine
                {
                    Id = hit.Id,
                    Timestamp = hit.ReceivedAt,
                    Level = hit.Level,
                    Message = hit.Message,
                    Labels = Labels(hit),
                    ClusterId = hit.GroupId,
                }).ToList(),
                Clusters = found.Clusters.Select(cluster => new SearchClusterResponse
                {
                    ClusterId = cluster.GroupId, Fingerprint = cluster.Fingerprint, Count = cluster.Count, SampleMessage = cluster.SampleMessage,
                }).ToList(),
                Total = found.Total,
                ClusteredLines = found.Clustered,
            },
        };
    }

    /// <summary>The event's string tags, then namespace, release and kind (which win over tags of the same name).</summary>
    private static Dictionary<string, string> Labels(SearchHit hit)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (hit.Tags is not null && JsonDocument.Parse(hit.Tags).RootElement is { ValueKind: JsonValueKind.Object } tags)
        {
            foreach (var tag in tags.EnumerateObject().Where(tag => tag.Value.ValueKind == JsonValueKind.String))
            {
                labels[tag.Name] = tag.Value.GetString()!;
            }
        }

        labels["namespace"] = hit.Environment ?? SearchEventsQuery.DefaultEnvironment;
        labels["kind"] = hit.Kind;
        if (hit.Release is not null)
        {
            labels["release"] = hit.Release;
        }

        return labels;
    }
}
