namespace Faultline.Domain.Common;

/// <summary>A validated limit/offset page.</summary>
public sealed record Paging(int Limit, long Offset)
{
    public static Paging Create(int? limit, long? offset, int defaultLimit, int maxLimit)
    {
        var limitValue = limit ?? defaultLimit;
        if (limitValue < 1 || limitValue > maxLimit)
        {
            throw DomainValidationException.ForField("limit", $"'limit' must be between 1 and {maxLimit}.");
        }

        var offsetValue = offset ?? 0;
        if (offsetValue < 0)
        {
            throw DomainValidationException.ForField("offset", "'offset' must be 0 or more.");
        }

        return new Paging(limitValue, offsetValue);
    }
}
