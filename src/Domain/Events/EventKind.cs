using Faultline.Domain.Common;

namespace Faultline.Domain.Events;

/// <summary>What an event describes; one store holds every seed's kinds.</summary>
public enum EventKind
{
    Error,
    Log,
    Performance,
    Interaction,
    Custom,
    Request,
}

public static class EventKinds
{
    public static string Name(this EventKind kind) => kind.ToString().ToLowerInvariant();

    public static EventKind? ParseOptional(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "error" => EventKind.Error,
            "log" => EventKind.Log,
            "performance" => EventKind.Performance,
            "interaction" => EventKind.Interaction,
            "custom" => EventKind.Custom,
            "request" => EventKind.Request,
            _ => throw DomainValidationException.ForField(nameof(EventDraft.Kind), $"{FieldError.FieldToken} must be one of error, log, performance, interaction, custom, request."),
        };
    }

    /// <summary>The level an event gets when it has a kind but no level.</summary>
    public static Level DefaultLevel(this EventKind kind, int? statusCode) => kind switch
    {
        EventKind.Error => Level.Error,
        EventKind.Request when statusCode >= 500 => Level.Error,
        EventKind.Request when statusCode >= 400 => Level.Warning,
        _ => Level.Info,
    };
}
