using Faultline.Application.Events;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using Faultline.Domain.Time;

namespace Faultline.Api.Input;

/// <summary>The event filters as query strings, read and checked once for every surface that lists or counts events.</summary>
public sealed record EventFilterText
{
    /// <summary>No stored value is longer, so a longer filter can only be a mistake (or an attack).</summary>
    public const int MaxLength = NewEvent.MaxUrlLength;

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Level { get; init; }

    public string? UserId { get; init; }

    public string? SessionId { get; init; }

    public string? Release { get; init; }

    public string? Environment { get; init; }

    public string? Since { get; init; }

    public string? Until { get; init; }

    public string? OccurredFrom { get; init; }

    public string? OccurredTo { get; init; }

    public string? Text { get; init; }

    public string? User { get; init; }

    public EventFilter Read()
    {
        var filter = new EventFilter
        {
            Kind = EventKinds.ParseOptional(Blank(Kind)),
            Name = Checked(Name, nameof(Name)),
            Level = Levels.ParseOptional(Blank(Level)),
            UserId = Checked(UserId, nameof(UserId)),
            SessionId = Checked(SessionId, nameof(SessionId)),
            Release = Checked(Release, nameof(Release)),
            Environment = Checked(Environment, nameof(Environment)),
            Since = Timestamp.ParseOptional(Since, nameof(TimeWindow.Since)),
            Until = Timestamp.ParseOptional(Until, nameof(TimeWindow.Until)),
            OccurredFrom = Timestamp.ParseOptional(OccurredFrom, nameof(OccurredFrom)),
            OccurredTo = Timestamp.ParseOptional(OccurredTo, nameof(OccurredTo)),
            Text = Checked(Text, "Q"),
            User = Checked(User, nameof(User)),
        };
        if (filter is { Since: { } since, Until: { } until })
        {
            TimeWindow.Create(since, until);
        }

        if (filter is { OccurredFrom: { } from, OccurredTo: { } to } && from > to)
        {
            throw new DomainValidationException(ErrorCodes.InvalidTimeRange, "occurred_from must not be after occurred_to.", []);
        }

        return filter;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Checked(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxLength)
        {
            throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be at most {MaxLength} characters.");
        }

        return EventInputReader.ReplaceNul(value);
    }
}
