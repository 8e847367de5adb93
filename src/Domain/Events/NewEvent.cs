using Faultline.Domain.Common;

namespace Faultline.Domain.Events;

/// <summary>An event as a client submits it, checked against the ingestion rules.</summary>
public sealed record NewEvent
{
    public const int MaxMessageLength = 8_192;
    public const int MaxTags = 64;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 256;

    private NewEvent(DateTimeOffset occurredAt, Level level, string message, string? stackJson, IReadOnlyDictionary<string, string>? tags)
    {
        OccurredAt = occurredAt;
        Level = level;
        Message = message;
        StackJson = stackJson;
        Tags = tags;
    }

    public DateTimeOffset OccurredAt { get; }

    public Level Level { get; }

    public string Message { get; }

    /// <summary>The stack as a JSON object text, already checked to be an object.</summary>
    public string? StackJson { get; }

    public IReadOnlyDictionary<string, string>? Tags { get; }

    public static NewEvent Create(DateTimeOffset occurredAt, Level level, string? message, string? stackJson, IReadOnlyDictionary<string, string>? tags)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw DomainValidationException.ForField("message", "'message' is required and must not be blank.");
        }

        if (TextLength(message) > MaxMessageLength)
        {
            throw DomainValidationException.ForField("message", $"'message' must be at most {MaxMessageLength} characters.");
        }

        if (tags is not null)
        {
            if (tags.Count > MaxTags)
            {
                throw DomainValidationException.ForField("tags", $"At most {MaxTags} tags are allowed.");
            }

            foreach (var (key, value) in tags)
            {
                if (key.Length == 0 || TextLength(key) > MaxTagKeyLength)
                {
                    throw DomainValidationException.ForField("tags", $"Tag keys must be 1 to {MaxTagKeyLength} characters.");
                }

                if (TextLength(value) > MaxTagValueLength)
                {
                    throw DomainValidationException.ForField("tags", $"Tag '{key}' is longer than {MaxTagValueLength} characters.");
                }
            }
        }

        return new NewEvent(occurredAt.ToUniversalTime(), level, message, stackJson, tags);
    }

    /// <summary>Length in Unicode characters (code points), as PostgreSQL's char_length counts them.</summary>
    public static int TextLength(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
