namespace Faultline.Api.Contracts;

/// <summary>Every error answer: <c>{"error": {"code", "message", "details"}}</c>.</summary>
public sealed class ErrorEnvelope
{
    public required ErrorBody Error { get; init; }

    public static ErrorEnvelope Of(string code, string message, IReadOnlyDictionary<string, object?>? details = null) =>
        new() { Error = new ErrorBody { Code = code, Message = message, Details = details ?? new Dictionary<string, object?>() } };
}

public sealed class ErrorBody
{
    /// <summary>A stable SCREAMING_SNAKE code, e.g. VALIDATION_ERROR.</summary>
    public required string Code { get; init; }

    /// <summary>A sentence for a person.</summary>
    public required string Message { get; init; }

    /// <summary>Structured context: the offending field, per-field errors, limits.</summary>
    public required IReadOnlyDictionary<string, object?> Details { get; init; }
}
