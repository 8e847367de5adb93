namespace Faultline.Domain.Common;

/// <summary>
/// The one exception for input that breaks a rule: raised by the domain's factories (and by a handler only
/// for rules that need the database), it carries field errors in the domain's names and leaves the
/// wording of field names and the envelope to the HTTP surface that answers.
/// </summary>
public sealed class DomainValidationException : Exception
{
    /// <param name="code">VALIDATION_ERROR or a more specific 400 code.</param>
    /// <param name="summary">A sentence for the whole failure; null when it is the first field error's message.</param>
    /// <param name="errors">The broken rules, in the domain's field names.</param>
    /// <param name="context">Values that explain the failure, keyed by the domain's names (e.g. <c>MaxBuckets</c>).</param>
    public DomainValidationException(
        ErrorCode code, string? summary, IReadOnlyList<FieldError> errors, IReadOnlyDictionary<string, object?>? context = null)
        : base(summary ?? errors[0].Describe(errors[0].Field))
    {
        Code = code;
        Summary = summary;
        Errors = errors;
        Context = context ?? new Dictionary<string, object?>();
    }

    public ErrorCode Code { get; }

    public string? Summary { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public IReadOnlyDictionary<string, object?> Context { get; }

    /// <summary>One field broke one rule; <paramref name="message"/> may name it with <see cref="FieldError.FieldToken"/>.</summary>
    public static DomainValidationException ForField(string field, string message) =>
        new(ErrorCodes.ValidationError, null, [new FieldError(field, message)]);
}
