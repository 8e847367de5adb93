using Faultline.Domain.Common;

namespace Faultline.Api.Errors;

/// <summary>
/// A failure as Faultline reports it, before a surface words it: field errors and detail keys carry the
/// domain's names (<c>OccurredAt</c>, <c>MaxBuckets</c>), and the surface's <see cref="IErrorWriter"/>
/// spells them and chooses the envelope.
/// </summary>
/// <param name="Code">The code; its status is the answer's unless <see cref="Status"/> says otherwise.</param>
/// <param name="Message">A sentence for a person; null when it is the first field error's message.</param>
public sealed record ApiError(ErrorCode Code, string? Message)
{
    public static readonly IReadOnlyDictionary<string, object?> NoDetails = new Dictionary<string, object?>();

    /// <summary>Only REQUEST_FAILED keeps a status of its own: the one the server chose.</summary>
    public int Status { get; init; } = Code.Status;

    public IReadOnlyList<FieldError> Errors { get; init; } = [];

    public IReadOnlyDictionary<string, object?> Details { get; init; } = NoDetails;

    public static ApiError From(DomainValidationException validation) =>
        new(validation.Code, validation.Summary) { Errors = validation.Errors, Details = validation.Context };
}
