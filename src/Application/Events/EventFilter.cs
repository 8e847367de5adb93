using Dapper;
using Faultline.Domain.Events;

namespace Faultline.Application.Events;

/// <summary>
/// Which events a list, a summary or a series covers. Every field is optional; exact fields match exactly,
/// <see cref="Text"/> is a case-insensitive substring of name, message or page_url and <see cref="User"/> one of
/// user_id, both with % and _ taken literally. since/until bound received_at (half-open); occurred_from/to
/// bound occurred_at, both ends included.
/// </summary>
public sealed record EventFilter
{
    public static readonly EventFilter None = new();

    public EventKind? Kind { get; init; }

    public string? Name { get; init; }

    public Level? Level { get; init; }

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    public string? Release { get; init; }

    public string? Environment { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public DateTimeOffset? OccurredFrom { get; init; }

    public DateTimeOffset? OccurredTo { get; init; }

    public string? Text { get; init; }

    public string? User { get; init; }
}

/// <summary>The SQL of <see cref="EventFilter"/>, shared by every query that reads raw events through it.</summary>
internal static class EventFilterSql
{
    /// <summary>
    /// Name, message and page_url joined by spaces, exactly as the trigram index events_search_trgm_idx (migration 22)
    /// is written: a text held by one field is held by the joined text, so matching that lets the index pick the
    /// candidates. Only a text with a space can match across a joint, so only then are the fields matched again one
    /// by one (TextHasSpace), so that a text spanning two never counts. A text without three letters or digits in a
    /// row gives the index no trigram to look up (it would read all of it), so it is matched field by field only.
    /// </summary>
    public const string SearchText = "(coalesce(e.name, '') || ' ' || e.message || ' ' || coalesce(e.page_url, ''))";

    private const string InAnyField = "(e.name ILIKE @TextPattern OR e.message ILIKE @TextPattern OR e.page_url ILIKE @TextPattern)";

    private const string OccurredFromCondition = "(CAST(@OccurredFrom AS timestamptz) IS NULL OR e.occurred_at >= @OccurredFrom)";

    /// <summary>Conditions on the events aliased <c>e</c>, to follow a WHERE that scopes the app(s).</summary>
    public const string Conditions = $"""
          AND (CAST(@Kind AS text) IS NULL OR e.kind = @Kind)
          AND (CAST(@Name AS text) IS NULL OR e.name = @Name)
          AND (CAST(@Level AS text) IS NULL OR e.level = @Level)
          AND (CAST(@UserId AS text) IS NULL OR e.user_id = @UserId)
          AND (CAST(@SessionId AS text) IS NULL OR e.session_id = @SessionId)
          AND (CAST(@Release AS text) IS NULL OR e.release = @Release)
          AND (CAST(@Environment AS text) IS NULL OR e.environment = @Environment)
          AND (CAST(@Since AS timestamptz) IS NULL OR e.received_at >= @Since)
          AND (CAST(@Until AS timestamptz) IS NULL OR e.received_at < @Until)
          AND {OccurredFromCondition}
          AND (CAST(@OccurredTo AS timestamptz) IS NULL OR e.occurred_at <= @OccurredTo)
          AND (CAST(@TextPattern AS text) IS NULL
               OR (@TextIndexed AND {SearchText} ILIKE @TextPattern AND (NOT @TextHasSpace OR {InAnyField}))
               OR (NOT @TextIndexed AND {InAnyField}))
          AND (CAST(@UserPattern AS text) IS NULL OR e.user_id ILIKE @UserPattern)
        """;

    /// <summary>
    /// <see cref="Conditions"/> with occurred_from written so that no index serves it, for events known to be received
    /// inside the window. Partitions are by received_at, so an occurred_at bound finds its partitions through their
    /// occurred_at block-range (BRIN) indexes: empty for days the window does not reach, but for the days it covers
    /// every range matches, and PostgreSQL still ANDs that index into the bitmap, which then turns lossy and rechecks
    /// every event of the day instead of the matches (docs/decisions/0032).
    /// </summary>
    public static readonly string ConditionsWithUnindexedOccurredFrom = Conditions.Replace(
        OccurredFromCondition, "(CAST(@OccurredFrom AS timestamptz) IS NULL OR e.occurred_at + interval '0 seconds' >= @OccurredFrom)", StringComparison.Ordinal);

    /// <summary>
    /// <see cref="Conditions"/> with the free text written so that the trigram index cannot serve it, for the events
    /// received before an occurred_at window that occurred in it (a client's clock ahead of the server's). Their days are
    /// found through the occurred_at block-range index, whose bitmap is lossy: ANDed with the trigram index's, every event
    /// of the matching block ranges had the text matched on recheck (260 ms on the day the window starts, at the
    /// benchmark's 10M events), where the cheap received_at and occurred_at bounds rule out nearly all of them first
    /// (docs/decisions/0035).
    /// </summary>
    public static readonly string ConditionsWithUnindexedText = Conditions.Replace(
        $"{SearchText} ILIKE @TextPattern", $"({SearchText} || '') ILIKE @TextPattern", StringComparison.Ordinal);

    /// <summary>One app, or several (null: every app).</summary>
    public const string Apps = "(CAST(@AppIds AS bigint[]) IS NULL OR e.app_id = ANY(@AppIds))";

    public static DynamicParameters Parameters(EventFilter filter, IReadOnlyList<long>? appIds)
    {
        var parameters = new DynamicParameters(new
        {
            Kind = filter.Kind?.Name(),
            filter.Name,
            Level = filter.Level?.Name(),
            filter.UserId,
            filter.SessionId,
            filter.Release,
            filter.Environment,
            Since = filter.Since?.UtcDateTime,
            Until = filter.Until?.UtcDateTime,
            OccurredFrom = filter.OccurredFrom?.UtcDateTime,
            OccurredTo = filter.OccurredTo?.UtcDateTime,
            TextPattern = Contains(filter.Text),
            TextHasSpace = filter.Text?.Contains(' ', StringComparison.Ordinal) ?? false,
            TextIndexed = filter.Text is { } text && HasTrigram(text),
            UserPattern = Contains(filter.User),
        });
        parameters.Add("AppIds", appIds?.ToArray());
        return parameters;
    }

    /// <summary>
    /// Whether pg_trgm finds a trigram in the text: three letters or digits in a row (ASCII only, which every
    /// database locale counts as such; other texts are matched without the index, correctly if slowly).
    /// </summary>
    public static bool HasTrigram(string text)
    {
        var run = 0;
        foreach (var character in text)
        {
            run = char.IsAsciiLetterOrDigit(character) ? run + 1 : 0;
            if (run == 3)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An ILIKE pattern matching <paramref name="text"/> anywhere, its own % _ and \ taken literally.</summary>
    public static string? Contains(string? text) =>
        text is null ? null : "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
}

/// <summary>The stored event's columns, aliased to <see cref="EventDto"/>, for the events aliased <c>e</c>.</summary>
internal static class EventColumns
{
    public const string Select = """
        e.id AS Id, e.app_id AS AppId, e.occurred_at AS OccurredAt, e.received_at AS ReceivedAt,
        e.level AS Level, e.message AS Message, e.stack::text AS Stack, e.tags::text AS Tags,
        e.kind AS Kind, e.name AS Name, e.fingerprint AS Fingerprint, e.group_id AS GroupId, e.event_id AS EventId,
        e.user_id AS UserId, e.session_id AS SessionId, e.release AS Release, e.environment AS Environment,
        e.page_url AS PageUrl, e.user_agent AS UserAgent, e.http_method AS HttpMethod, e.http_path AS HttpPath,
        e.status_code AS StatusCode, e.duration_ms AS DurationMs, e.payload::text AS Payload,
        e.metadata::text AS Metadata, e.priority AS Priority
        """;
}
