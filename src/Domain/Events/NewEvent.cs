using System.Text.Json;
using Faultline.Domain.Common;
using Faultline.Domain.Events.Grouping;

namespace Faultline.Domain.Events;

/// <summary>An event's fields as read from a client, typed but not yet checked against the rules.</summary>
public sealed record EventDraft
{
    public EventKind? Kind { get; init; }

    public Level? Level { get; init; }

    public string? Name { get; init; }

    public string? Message { get; init; }

    public string? EventId { get; init; }

    public DateTimeOffset? OccurredAt { get; init; }

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    public string? Release { get; init; }

    public string? Environment { get; init; }

    public string? PageUrl { get; init; }

    public string? UserAgent { get; init; }

    public string? HttpMethod { get; init; }

    public string? HttpPath { get; init; }

    public int? StatusCode { get; init; }

    public double? DurationMs { get; init; }

    public string? StackJson { get; init; }

    /// <summary>
    /// <see cref="GroupingKey.TopFrames(JsonElement)"/> of <see cref="StackJson"/>'s frames when the reader took them
    /// from a parsed document it still holds, so that grouping does not parse the stack's text again; null: grouping
    /// reads <see cref="StackJson"/>.
    /// </summary>
    public IReadOnlyList<string>? StackTopFrames { get; init; }

    /// <summary>The client's own grouping, as Sentry's SDKs send it: events with equal arrays share a group.</summary>
    public IReadOnlyList<string>? Fingerprint { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public string? PayloadJson { get; init; }

    /// <summary>A JSON object kept as sent (the Event Processor API's metadata).</summary>
    public string? MetadataJson { get; init; }

    /// <summary>1 (normal) to 10 (critical); null when the client gave none.</summary>
    public int? Priority { get; init; }
}

/// <summary>
/// An event that passed the ingestion rules. The Log Handler API's shape (no kind) needs occurred_at, level and
/// message; an event with a kind may leave them out: occurred_at becomes the receipt time, the level
/// follows from the kind, and the message falls back to the name.
/// </summary>
public sealed record NewEvent
{
    public const int MaxMessageLength = 8_192;
    public const int MaxTags = 64;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 256;
    public const int MaxEventIdLength = 128;
    public const int MaxNameLength = 256;
    public const int MaxFieldLength = 1_024;
    public const int MaxUrlLength = 4_096;
    public const int MinPriority = 1;
    public const int MaxPriority = 10;

    private NewEvent()
    {
    }

    public EventKind Kind { get; private init; }

    public Level Level { get; private init; }

    public string? Name { get; private init; }

    public string Message { get; private init; } = string.Empty;

    /// <summary>The grouping key (<see cref="GroupingKey"/>): events with equal fingerprints belong together.</summary>
    public string Fingerprint { get; private init; } = string.Empty;

    /// <summary>Errors, and events at WARNING or above, belong to an error group: the app's group of their fingerprint.</summary>
    public bool BelongsToGroup => Kind == EventKind.Error || Level >= Level.Warning;

    /// <summary>The title of the group this event would open: exception type and message template, or the template.</summary>
    public string GroupTitle => GroupingKey.Title(Name, Message);

    /// <summary>The client's idempotency key, or null when the client sent none.</summary>
    public string? EventId { get; private init; }

    /// <summary>Null when the client left it to the receipt time.</summary>
    public DateTimeOffset? OccurredAt { get; private init; }

    public EventDraft Fields { get; private init; } = new();

    public string? StackJson => Fields.StackJson;

    public IReadOnlyDictionary<string, string>? Tags => Fields.Tags;

    public static NewEvent Create(EventDraft draft)
    {
        if (draft.Kind is null)
        {
            Require(draft.OccurredAt, nameof(EventDraft.OccurredAt));
            Require(draft.Level, nameof(EventDraft.Level));
        }

        var message = string.IsNullOrWhiteSpace(draft.Message) && draft.Kind is not null ? draft.Name : draft.Message;
        if (string.IsNullOrWhiteSpace(message))
        {
            throw DomainValidationException.ForField(nameof(EventDraft.Message), $"{FieldError.FieldToken} is required and must not be blank.");
        }

        CheckLength(message, MaxMessageLength, nameof(EventDraft.Message));
        CheckLength(draft.Name, MaxNameLength, nameof(EventDraft.Name));
        CheckLength(draft.UserId, MaxFieldLength, nameof(EventDraft.UserId));
        CheckLength(draft.SessionId, MaxFieldLength, nameof(EventDraft.SessionId));
        CheckLength(draft.Release, MaxFieldLength, nameof(EventDraft.Release));
        CheckLength(draft.Environment, MaxFieldLength, nameof(EventDraft.Environment));
        CheckLength(draft.PageUrl, MaxUrlLength, nameof(EventDraft.PageUrl));
        CheckLength(draft.UserAgent, MaxUrlLength, nameof(EventDraft.UserAgent));
        CheckLength(draft.HttpMethod, 16, nameof(EventDraft.HttpMethod));
        CheckLength(draft.HttpPath, MaxUrlLength, nameof(EventDraft.HttpPath));
        if (draft.EventId is not null && (draft.EventId.Length == 0 || TextLength(draft.EventId) > MaxEventIdLength))
        {
            throw DomainValidationException.ForField(nameof(EventDraft.EventId), $"{FieldError.FieldToken} must be 1 to {MaxEventIdLength} characters.");
        }

        if (draft.StatusCode is < 100 or > 599)
        {
            throw DomainValidationException.ForField(nameof(EventDraft.StatusCode), $"{FieldError.FieldToken} must be an HTTP status between 100 and 599.");
        }

        if (draft.DurationMs is { } duration && (double.IsNaN(duration) || double.IsInfinity(duration) || duration < 0))
        {
            throw DomainValidationException.ForField(nameof(EventDraft.DurationMs), $"{FieldError.FieldToken} must be a finite number of 0 or more.");
        }

        if (draft.Priority is < MinPriority or > MaxPriority)
        {
            throw DomainValidationException.ForField(nameof(EventDraft.Priority), $"{FieldError.FieldToken} must be an integer from {MinPriority} to {MaxPriority}.");
        }

        CheckTags(draft.Tags);
        CheckFingerprint(draft.Fingerprint);
        var kind = draft.Kind ?? EventKind.Error;
        return new NewEvent
        {
            Kind = kind,
            Level = draft.Level ?? kind.DefaultLevel(draft.StatusCode),
            Name = draft.Name,
            Message = message,
            Fingerprint = GroupingKey.Of(kind, draft.Name, message, draft.Fingerprint, draft.StackJson, draft.StackTopFrames),
            EventId = draft.EventId,
            OccurredAt = draft.OccurredAt?.ToUniversalTime(),
            Fields = draft,
        };
    }

    /// <summary>Length in Unicode characters (code points), as PostgreSQL's char_length counts them.</summary>
    public static int TextLength(string text)
    {
        // Without surrogates every UTF-16 unit is one code point: one vectorized scan instead of a walk.
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text.Length;
        }

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static void Require<T>(T? value, string field)
        where T : struct
    {
        if (value is null)
        {
            throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} is required.");
        }
    }

    private static void CheckLength(string? value, int max, string field)
    {
        if (value is not null && TextLength(value) > max)
        {
            throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be at most {max} characters.");
        }
    }

    private static void CheckFingerprint(IReadOnlyList<string>? fingerprint)
    {
        if (fingerprint is null)
        {
            return;
        }

        if (fingerprint.Count is 0 or > GroupingKey.MaxFingerprintParts
            || fingerprint.Any(part => part.Length == 0 || TextLength(part) > GroupingKey.MaxFingerprintPartLength))
        {
            throw DomainValidationException.ForField(
                nameof(EventDraft.Fingerprint),
                $"{FieldError.FieldToken} must be an array of 1 to {GroupingKey.MaxFingerprintParts} strings of 1 to {GroupingKey.MaxFingerprintPartLength} characters.");
        }
    }

    private static void CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        if (tags.Count > MaxTags)
        {
            throw DomainValidationException.ForField(nameof(EventDraft.Tags), $"At most {MaxTags} tags are allowed.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length == 0 || TextLength(key) > MaxTagKeyLength)
            {
                throw DomainValidationException.ForField(nameof(EventDraft.Tags), $"Tag keys must be 1 to {MaxTagKeyLength} characters.");
            }

            if (TextLength(value) > MaxTagValueLength)
            {
                throw DomainValidationException.ForField(nameof(EventDraft.Tags), $"Tag '{key}' is longer than {MaxTagValueLength} characters.");
            }
        }
    }
}
