namespace Faultline.Domain.Common;

/// <summary>A validated limit/offset page.</summary>
public sealed record Paging(int Limit, long Offset)
{
    public static Paging Create(int? limit, long? offset, int defaultLimit, int maxLimit)
    {
        var limitValue = limit ?? defaultLimit;
        if (limitValue < 1 || limitValue > maxLimit)
        {
            throw DomainValidationException.ForField(nameof(Limit), $"{FieldError.FieldToken} must be between 1 and {maxLimit}.");
        }

        var offsetValue = offset ?? 0;
        if (offsetValue < 0)
        {
            throw DomainValidationException.ForField(nameof(Offset), $"{FieldError.FieldToken} must be 0 or more.");
        }

        return new Paging(limitValue, offsetValue);
    }
}
