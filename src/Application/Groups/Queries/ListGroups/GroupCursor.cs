using System.Globalization;
using Faultline.Application.Common;
using Faultline.Domain.Common;
using Faultline.Domain.Events.Grouping;

namespace Faultline.Application.Groups.Queries.ListGroups;

/// <summary>
/// An opaque position in an app's group list: the sort it was made for, the last group's sort value (a time's
/// ticks or a count) and its id. A cursor of another sort is refused rather than read wrongly.
/// </summary>
public sealed record GroupCursor(GroupSort Sort, long Value, long Id)
{
    public string Encode() => CursorText.Encode(string.Create(CultureInfo.InvariantCulture, $"{(int)Sort}.{Value}.{Id}"));

    public static GroupCursor? ParseOptional(string? text, GroupSort sort)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (CursorText.Decode(text) is { Length: 3 } parts
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sortValue) && sortValue == (int)sort
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new GroupCursor(sort, value, id);
        }

        throw DomainValidationException.ForField("Cursor", $"{FieldError.FieldToken} is not a cursor of this sort; use next_cursor from a previous page.");
    }
}
