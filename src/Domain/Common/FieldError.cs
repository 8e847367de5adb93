namespace Faultline.Domain.Common;

/// <summary>
/// One broken rule of one field. <see cref="Field"/> is the domain's name for it (a member name such as
/// <c>OccurredAt</c>); each HTTP surface spells it its own way (occurred_at, occurredAt). In
/// <see cref="Message"/>, <see cref="FieldToken"/> stands for that spelling.
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    public const string FieldToken = "{field}";

    /// <summary>The position of the input in a list (an event in a batch); null for a single input.</summary>
    public int? Item { get; init; }

    /// <summary>The message with the field called <paramref name="name"/>.</summary>
    public string Describe(string name) => Message.Replace(FieldToken, $"'{name}'", StringComparison.Ordinal);
}
