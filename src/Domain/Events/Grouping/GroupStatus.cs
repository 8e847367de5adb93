using Faultline.Domain.Common;

namespace Faultline.Domain.Events.Grouping;

/// <summary>Where an operator has put an error group. A resolved group that receives an event is unresolved again, and regressed.</summary>
public enum GroupStatus
{
    Unresolved,
    Resolved,
    Ignored,
}

/// <summary>How the group list is ordered: newest activity, most events, or newest groups first.</summary>
public enum GroupSort
{
    LastSeen,
    Count,
    FirstSeen,
}

public static class GroupStatuses
{
    public static string Name(this GroupStatus status) => status.ToString().ToLowerInvariant();

    public static GroupStatus? ParseOptional(string? text, string field = "Status") => text is null ? null : Parse(text, field);

    public static GroupStatus Parse(string? text, string field = "Status") => text?.Trim().ToLowerInvariant() switch
    {
        "unresolved" => GroupStatus.Unresolved,
        "resolved" => GroupStatus.Resolved,
        "ignored" => GroupStatus.Ignored,
        _ => throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be unresolved, resolved or ignored."),
    };

    public static GroupSort ParseSort(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "last_seen" => GroupSort.LastSeen,
        "count" => GroupSort.Count,
        "first_seen" => GroupSort.FirstSeen,
        _ => throw DomainValidationException.ForField("Sort", $"{FieldError.FieldToken} must be last_seen, count or first_seen."),
    };
}
