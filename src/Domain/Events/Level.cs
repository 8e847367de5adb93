using Faultline.Domain.Common;

namespace Faultline.Domain.Events;

/// <summary>Severity of an event, ordered from least to most severe.</summary>
public enum Level
{
    Debug = 10,
    Info = 20,
    Warning = 30,
    Error = 40,
    Critical = 50,
}

public static class Levels
{
    public static IReadOnlyList<Level> All { get; } = [Level.Debug, Level.Info, Level.Warning, Level.Error, Level.Critical];

    /// <summary>The canonical upper-case name, as stored and as returned by the API.</summary>
    public static string Name(this Level level) => level switch
    {
        Level.Debug => "DEBUG",
        Level.Info => "INFO",
        Level.Warning => "WARNING",
        Level.Error => "ERROR",
        Level.Critical => "CRITICAL",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown level."),
    };

    /// <summary>Reads a level case-insensitively; WARN means WARNING and FATAL means CRITICAL.</summary>
    public static bool TryParse(string? text, out Level level)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "DEBUG": level = Level.Debug; return true;
            case "INFO": level = Level.Info; return true;
            case "WARNING" or "WARN": level = Level.Warning; return true;
            case "ERROR": level = Level.Error; return true;
            case "CRITICAL" or "FATAL": level = Level.Critical; return true;
            default: level = default; return false;
        }
    }

    public static Level Parse(string? text, string field = nameof(Level)) =>
        TryParse(text, out var level)
            ? level
            : throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be one of DEBUG, INFO, WARNING (WARN), ERROR, CRITICAL (FATAL).");

    /// <summary>Parses an optional level filter from a query string: absent or empty means no filter.</summary>
    public static Level? ParseOptional(string? text, string field = nameof(Level)) =>
        string.IsNullOrWhiteSpace(text) ? null : Parse(text, field);

    public static Level FromName(string name) =>
        TryParse(name, out var level) ? level : throw new ArgumentException($"'{name}' is not a stored level name.", nameof(name));
}
