using System.Globalization;
using System.Text;
using Faultline.Domain.Common;

namespace Faultline.Application.Events.Queries.ListEvents;

/// <summary>
/// An opaque position in an app's event list: the (received_at, id) of the last event of a page. Deep
/// pages then cost an index seek instead of skipping offset rows.
/// </summary>
public sealed record EventCursor(DateTime ReceivedAt, long Id)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(
            $"{ReceivedAt.Ticks.ToString(CultureInfo.InvariantCulture)}.{Id.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static EventCursor? ParseOptional(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return new EventCursor(new DateTime(ticks, DateTimeKind.Utc), id);
            }
        }
        catch (FormatException)
        {
            // reported below
        }

        throw DomainValidationException.ForField("Cursor", $"{FieldError.FieldToken} is not a cursor this service gave out; use next_cursor from a previous page.");
    }
}
