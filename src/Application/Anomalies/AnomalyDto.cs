
namespace Faultline.Application.Anomalies;

public sealed class AnomalyDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public string AppName { get; init; } = string.Empty;

    /// <summary>The error group of a group's anomaly (<c>spike</c>, <c>new_group</c>, <c>regression</c>); null for the app's own.</summary>
    public long? GroupId { get; init; }

    /// <summary>The group's title, when the anomaly is a group's.</summary>
    public string? GroupTitle { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string Severity { get; init; } = string.Empty;

    public double Observed { get; init; }

    public double BaselineMean { get; init; }

    public double BaselineStddev { get; init; }

    public double Ratio { get; init; }

    public DateTime WindowStart { get; init; }

    public DateTime WindowEnd { get; init; }

    public DateTime DetectedAt { get; init; }
}

public sealed record AnomalyPage(IReadOnlyList<AnomalyDto> Items, long Total);

internal static class AnomalySql
{
    public const string Columns = """
        n.id AS Id, n.app_id AS AppId, a.name AS AppName, n.group_id AS GroupId, g.title AS GroupTitle, n.kind AS Kind, n.severity AS Severity,
        n.observed AS Observed, n.baseline_mean AS BaselineMean, n.baseline_stddev AS BaselineStddev, n.ratio AS Ratio,
        n.window_start AS WindowStart, n.window_end AS WindowEnd, n.detected_at AS DetectedAt
        FROM anomalies n JOIN apps a ON a.id = n.app_id LEFT JOIN error_groups g ON g.id = n.group_id
        """;
}
