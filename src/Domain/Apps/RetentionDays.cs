using Faultline.Domain.Common;

namespace Faultline.Domain.Apps;

/// <summary>How many days of an app's events are kept: 1 to 3650.</summary>
public sealed record RetentionDays
{
    public const int MaxDays = 3650;

    private RetentionDays(int value) => Value = value;

    public int Value { get; }

    /// <summary>Null means the app follows the global retention.</summary>
    public static RetentionDays? CreateOptional(int? days) =>
        days switch
        {
            null => null,
            < 1 or > MaxDays => throw DomainValidationException.ForField(
                nameof(RetentionDays), $"{FieldError.FieldToken} must be 1 to {MaxDays}, or null for the global retention."),
            _ => new RetentionDays(days.Value),
        };
}
