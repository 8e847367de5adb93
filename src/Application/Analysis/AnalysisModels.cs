namespace Faultline.Application.Analysis;

/// <summary>An explanation of a cluster of events or of a window, whoever wrote it.</summary>
public sealed record Explanation(string RootCause, double Confidence, string Summary, string SuggestedAction, string Provider, string Model);

/// <summary>One cluster of the window (events meeting by fingerprint; ClusterId is their error group, when they have one) and its explanation.</summary>
public sealed record ClusterAnalysis(
    long? ClusterId, string Fingerprint, string Level, long Count, DateTime FirstSeenAt, DateTime LastSeenAt, string SampleMessage,
    Explanation Analysis, IReadOnlyList<string> Findings);

public sealed record TimeRange(DateTime From, DateTime To);

public sealed record AnalysisResult(TimeRange TimeRange, long Total, IReadOnlyList<ClusterAnalysis> Clusters);

public sealed record SummaryResult(string Summary, long LinesAnalyzed, TimeRange TimeRange, string Provider, string Model);

public static class BuiltIn
{
    public const string Provider = "builtin";
    public const string Model = "faultline-rules-1";
}
