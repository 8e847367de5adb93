using System.Text.Json.Serialization;
using Faultline.Api.Input;
using Faultline.Application.Apps.Commands.UpdateApp;
using Faultline.Domain.Apps;
using Microsoft.AspNetCore.Mvc;

namespace Faultline.Api.Contracts;

/// <summary>The canonical event filters, as query parameters of event lists and analytics.</summary>
public sealed class EventFilterQuery
{
    /// <summary>error, log, performance, interaction, custom or request.</summary>
    [FromQuery(Name = "kind")]
    public string? Kind { get; set; }

    /// <summary>Exact name.</summary>
    [FromQuery(Name = "name")]
    public string? Name { get; set; }

    /// <summary>DEBUG, INFO, WARNING, ERROR or CRITICAL.</summary>
    [FromQuery(Name = "level")]
    public string? Level { get; set; }

    [FromQuery(Name = "user_id")]
    public string? UserId { get; set; }

    [FromQuery(Name = "session_id")]
    public string? SessionId { get; set; }

    [FromQuery(Name = "release")]
    public string? Release { get; set; }

    [FromQuery(Name = "environment")]
    public string? Environment { get; set; }

    /// <summary>Only events received at or after this time (RFC 3339).</summary>
    [FromQuery(Name = "since")]
    public string? Since { get; set; }

    /// <summary>Only events received before this time (RFC 3339).</summary>
    [FromQuery(Name = "until")]
    public string? Until { get; set; }

    /// <summary>Only events that occurred at or after this time (RFC 3339).</summary>
    [FromQuery(Name = "occurred_from")]
    public string? OccurredFrom { get; set; }

    /// <summary>Only events that occurred at or before this time (RFC 3339).</summary>
    [FromQuery(Name = "occurred_to")]
    public string? OccurredTo { get; set; }

    /// <summary>Case-insensitive text in name, message or page_url; % and _ are literal.</summary>
    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    public EventFilterText ToText(string? user = null) => new()
    {
        Kind = Kind, Name = Name, Level = Level, UserId = UserId, SessionId = SessionId, Release = Release, Environment = Environment,
        Since = Since, Until = Until, OccurredFrom = OccurredFrom, OccurredTo = OccurredTo, Text = Q, User = user,
    };
}

public sealed class SummaryResponse
{
    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    public long TotalEvents { get; set; }

    public long UniqueUsers { get; set; }

    public long UniqueSessions { get; set; }

    /// <summary>total_events / unique_users, two decimals; 0 without users.</summary>
    public double AvgEventsPerUser { get; set; }

    public DateTime? FirstEventAt { get; set; }

    public DateTime? LatestEventAt { get; set; }

    public IReadOnlyList<KindCountResponse> ByKind { get; set; } = [];

    /// <summary>The 10 most frequent names.</summary>
    public IReadOnlyList<NameCountResponse> ByName { get; set; } = [];

    /// <summary>Up to 10 users with the most events.</summary>
    public IReadOnlyList<TopUserResponse> TopUsers { get; set; } = [];
}

public sealed class KindCountResponse
{
    public string Kind { get; set; } = string.Empty;

    public long Count { get; set; }

    /// <summary>Share of total_events in percent, two decimals.</summary>
    public double Percentage { get; set; }
}

public sealed class NameCountResponse
{
    public string Name { get; set; } = string.Empty;

    public long Count { get; set; }

    /// <summary>Share of total_events in percent, two decimals.</summary>
    public double Percentage { get; set; }
}

public sealed class TopUserResponse
{
    public string UserId { get; set; } = string.Empty;

    public long EventCount { get; set; }

    public DateTime LastEventAt { get; set; }

    public IReadOnlyList<string> Names { get; set; } = [];
}

public sealed class IngestionFiguresResponse
{
    /// <summary>Events stored since the app was created, including those retention has removed since.</summary>
    public long TotalIngested { get; set; }

    /// <summary>Events not stored again because their event_id had been sent before.</summary>
    public long Duplicates { get; set; }

    /// <summary>Events stored per second over the last 60 seconds.</summary>
    public double IngestionRate { get; set; }

    public DateTime Timestamp { get; set; }
}

public sealed class UpdateAppRequest
{
    private string? _description;

    /// <summary>A name: 1 to 100 characters, unique without regard to case (required to create a project).</summary>
    public string? Name { get; set; }

    /// <summary>Free text, at most 1,000 characters; null clears it.</summary>
    public string? Description
    {
        get => _description;
        set
        {
            _description = value;
            DescriptionIsSet = true;
        }
    }

    /// <summary>Whether the body named the description at all: null clears it, absence leaves it.</summary>
    [JsonIgnore]
    public bool DescriptionIsSet { get; private set; }

    public UpdateAppCommand ToCommand(long appId) =>
        new(appId, Name is null ? null : AppName.CreateTitle(Name), DescriptionIsSet, AppDescription.CreateOptional(Description));
}
