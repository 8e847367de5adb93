using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Faultline.Application.Jobs;

public static class JobKinds
{
    public const string Analysis = "analysis";
    public const string Summary = "summary";
}

public static class JobStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>What a job is asked about: an app's window, optionally one environment and some levels. Stored as the job's request.</summary>
public sealed record JobRequest
{
    public long AppId { get; init; }

    /// <summary>Null: every environment; "default" stands for events without one.</summary>
    public string? Environment { get; init; }

    public DateTimeOffset Since { get; init; }

    public DateTimeOffset Until { get; init; }

    /// <summary>The look-back the window came from (30m, 2h...), null for a fixed window: a look-back's request is the same request later.</summary>
    public string? LookBack { get; init; }

    /// <summary>Canonical level names; empty: ERROR and CRITICAL for an analysis, every level for a summary.</summary>
    public IReadOnlyList<string> Levels { get; init; } = [];

    /// <summary>Also ask the configured AI provider, if there is one.</summary>
    public bool IncludeAi { get; init; }

    /// <summary>A summary reads at most this many events.</summary>
    public int? MaxLines { get; init; }

    /// <summary>Only the events of one error group (its fingerprint); null: every cluster of the window.</summary>
    public string? Fingerprint { get; init; }

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Identifies the request, not the moment: a look-back's window is left out, a fixed window is in.</summary>
    public byte[] Hash(string kind)
    {
        var identity = new
        {
            kind,
            AppId,
            Environment,
            Window = LookBack is null ? $"{Since.UtcTicks}-{Until.UtcTicks}" : LookBack,
            Levels = Levels.Order(StringComparer.Ordinal).ToArray(),
            IncludeAi,
            MaxLines,
            Fingerprint,
        };
        return SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(identity, Json)));
    }
}

public sealed class JobDto
{
    public Guid Id { get; init; }

    public string Kind { get; init; } = string.Empty;

    public long AppId { get; init; }

    public string Status { get; init; } = string.Empty;

    public string Request { get; init; } = "{}";

    /// <summary>The result as JSON; a failed job may carry the built-in part of it.</summary>
    public string? Result { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public int Attempts { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? CompletedAt { get; init; }
}

/// <summary>Wakes this instance's job worker when a job is submitted here, so it need not wait for its next poll.</summary>
public interface IJobSignal
{
    void Notify();
}

/// <summary>How a job ended: its result, and an error code when it failed (the result may still hold the built-in part).</summary>
public sealed record JobOutcome(string ResultJson, string? ErrorCode = null, string? ErrorMessage = null);

internal static class JobSql
{
    public const string Columns = """
        id AS Id, kind AS Kind, app_id AS AppId, status AS Status, request::text AS Request, result::text AS Result,
        error_code AS ErrorCode, error_message AS ErrorMessage, attempts AS Attempts, created_at AS CreatedAt, completed_at AS CompletedAt
        """;
}
