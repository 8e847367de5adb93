namespace Faultline.Application.Events;

/// <summary>A stored event; <see cref="Stack"/> and <see cref="Tags"/> are JSON texts as stored.</summary>
public sealed class EventDto
{
    public long Id { get; init; }

    public long AppId { get; init; }

    public DateTime OccurredAt { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string Level { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    public string? Stack { get; init; }

    public string? Tags { get; init; }
}
