namespace Faultline.Application.Groups;

/// <summary>An error group as the list and the detail show it.</summary>
public sealed class GroupDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public string Title { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Level { get; init; } = string.Empty;

    public long Count { get; init; }

    public long UsersAffected { get; init; }

    public DateTime FirstSeen { get; init; }

    public DateTime LastSeen { get; init; }

    public string SampleMessage { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public bool Regressed { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    /// <summary>The columns of this DTO, aliased, for every query that reads groups.</summary>
    internal const string Columns = """
        id AS Id, app_id AS AppId, title AS Title, kind AS Kind, level AS Level, count AS Count,
        users_affected AS UsersAffected, first_seen AS FirstSeen, last_seen AS LastSeen,
        sample_message AS SampleMessage, status AS Status, regressed AS Regressed, fingerprint AS Fingerprint
        """;
}
