namespace Faultline.Domain.Common;

/// <summary>
/// Raised by the domain's factories when input breaks a rule. It carries the API error code so the
/// one error-mapping point can answer without knowing which rule failed.
/// </summary>
public sealed class DomainValidationException(string code, string message, IReadOnlyDictionary<string, object?>? details = null)
    : Exception(message)
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string InvalidTimeRange = "INVALID_TIME_RANGE";

    public string Code { get; } = code;

    public IReadOnlyDictionary<string, object?> Details { get; } = details ?? new Dictionary<string, object?>();

    public static DomainValidationException ForField(string field, string message) =>
        new(ValidationError, message, new Dictionary<string, object?> { ["field"] = field });
}
