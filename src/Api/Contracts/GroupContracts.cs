namespace Faultline.Api.Contracts;

/// <summary>An error group: the events of one app that share a fingerprint, if they are errors or at WARNING or above.</summary>
public sealed class GroupResponse
{
    public long Id { get; set; }

    public long AppId { get; set; }

    /// <summary>Exception type and message template, or the template.</summary>
    public string Title { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    /// <summary>The highest level of its events.</summary>
    public string Level { get; set; } = string.Empty;

    public long Count { get; set; }

    /// <summary>Distinct user_id values among its events.</summary>
    public long UsersAffected { get; set; }

    public DateTime FirstSeen { get; set; }

    public DateTime LastSeen { get; set; }

    /// <summary>The message of its latest event.</summary>
    public string SampleMessage { get; set; } = string.Empty;

    /// <summary>unresolved, resolved or ignored.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>True once a resolved group received an event (and became unresolved); resolving clears it.</summary>
    public bool Regressed { get; set; }

    /// <summary>The grouping key its events share (their fingerprint).</summary>
    public string Fingerprint { get; set; } = string.Empty;
}

public sealed class GroupPageResponse
{
    public IReadOnlyList<GroupResponse> Items { get; set; } = [];

    /// <summary>The offset of the next page, or null when there is nothing more.</summary>
    public long? NextOffset { get; set; }

    /// <summary>Pass as cursor (with the same sort) for the next page by position; null when there is nothing more.</summary>
    public string? NextCursor { get; set; }
}

public sealed class HourCountResponse
{
    public DateTime Hour { get; set; }

    public long Count { get; set; }
}

public sealed class ValueCountResponse
{
    /// <summary>The tag's key (tags only).</summary>
    public string? Key { get; set; }

    public string Value { get; set; } = string.Empty;

    public long Count { get; set; }
}

/// <summary>A group with its hourly counts over the window, its most frequent values and its latest events.</summary>
public sealed class GroupDetailResponse
{
    public GroupResponse Group { get; set; } = new();

    /// <summary>Every hour of the window, 0 when empty.</summary>
    public IReadOnlyList<HourCountResponse> Hourly { get; set; } = [];

    /// <summary>Among the group's latest 1,000 events in the window.</summary>
    public IReadOnlyList<ValueCountResponse> Tags { get; set; } = [];

    public IReadOnlyList<ValueCountResponse> Releases { get; set; } = [];

    public IReadOnlyList<ValueCountResponse> Environments { get; set; } = [];

    public IReadOnlyList<ValueCountResponse> UserAgents { get; set; } = [];

    public IReadOnlyList<EventResponse> LatestEvents { get; set; } = [];
}

/// <summary>The values over-represented in a group compared with its app, most over-represented first.</summary>
public sealed class GroupTagsResponse
{
    public DateTime Since { get; set; }

    public DateTime Until { get; set; }

    /// <summary>The group's events compared: its latest in the window, at most 1,000.</summary>
    public long GroupEvents { get; set; }

    /// <summary>The app's events they were compared with: its latest in the window, at most 10,000.</summary>
    public long AppEvents { get; set; }

    public IReadOnlyList<OverRepresentedValueResponse> Items { get; set; } = [];
}

public sealed class OverRepresentedValueResponse
{
    /// <summary>release, environment or tag.</summary>
    public string Facet { get; set; } = string.Empty;

    /// <summary>The tag's key (tags only).</summary>
    public string? Key { get; set; }

    public string Value { get; set; } = string.Empty;

    /// <summary>The group's compared events that carry the value.</summary>
    public long Count { get; set; }

    /// <summary>Count / group_events, 0 to 1.</summary>
    public double Share { get; set; }

    /// <summary>The app's compared events that carry the value.</summary>
    public long AppCount { get; set; }

    /// <summary>App_count / app_events, 0 to 1.</summary>
    public double AppShare { get; set; }
}

public sealed class UpdateGroupRequest
{
    /// <summary>unresolved, resolved or ignored.</summary>
    public string? Status { get; set; }
}
