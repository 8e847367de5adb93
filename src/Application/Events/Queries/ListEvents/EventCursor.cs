using System.Globalization;
using Faultline.Application.Common;
using Faultline.Domain.Common;

namespace Faultline.Application.Events.Queries.ListEvents;

/// <summary>
/// An opaque position in an app's event list: the (received_at, id) of the last event of a page. Deep
/// pages then cost an index seek instead of skipping offset rows.
/// </summary>
public sealed record EventCursor(DateTime ReceivedAt, long Id)
{
    public string Encode() =>
        CursorText.Encode($"{ReceivedAt.Ticks.ToString(CultureInfo.InvariantCulture)}.{Id.ToString(CultureInfo.InvariantCulture)}");

    public static EventCursor? ParseOptional(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (CursorText.Decode(text) is { Length: 2 } parts
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new EventCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        }

        throw DomainValidationException.ForField("Cursor", $"{FieldError.FieldToken} is not a cursor this service gave out; use next_cursor from a previous page.");
    }
}
