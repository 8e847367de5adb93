using System.Text.Json;

namespace Faultline.Api.Compatibility.LogHunter;

public sealed class AnalyzeRequest : WindowRequest
{
    public IReadOnlyList<string>? Levels { get; init; }

    public bool? IncludeAi { get; init; }

    /// <summary>One cluster only: the id of one of the service's error groups.</summary>
    public long? ClusterId { get; init; }
}

public sealed class SummarizeRequest : WindowRequest
{
    /// <summary>How many of the top clusters the summary names (1 to 10, default 3).</summary>
    public int? MaxLines { get; init; }

    public bool? IncludeAi { get; init; }
}

public sealed class JobAccepted
{
    public Guid JobId { get; init; }

    public required string Status { get; init; }

    public required string PollUrl { get; init; }
}

public sealed class JobView
{
    public Guid JobId { get; init; }

    public required string Kind { get; init; }

    public required string Status { get; init; }

    /// <summary>The analysis or summary; a failed AI job still carries the built-in one.</summary>
    public JsonElement? Result { get; init; }

    public JobError? Error { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? CompletedAt { get; init; }
}

public sealed class JobError
{
    public required string Code { get; init; }

    public required string Message { get; init; }
}
