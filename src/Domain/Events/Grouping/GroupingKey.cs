using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Faultline.Domain.Events.Grouping;

/// <summary>
/// What puts two events in one group, in this order: the client's own fingerprint (an array of strings, as
/// Sentry's SDKs send; "{{ default }}" in it stands for the key Faultline would have chosen); else the
/// exception type with the innermost in-app frames of a stack that has frames; else the message's template.
/// A pure function of the event, so that every instance puts the same event in the same group.
/// </summary>
public static class GroupingKey
{
    public const int MaxFingerprintParts = 32;
    public const int MaxFingerprintPartLength = 256;

    /// <summary>How many frames, innermost first, make a stack's part of the key.</summary>
    public const int StackFrames = 5;

    private const string DefaultPart = "{{ default }}";

    /// <summary>A 32-character hex hash of the event's grouping basis.</summary>
    /// <param name="stackTopFrames"><see cref="TopFrames(JsonElement)"/> of the stack's frames, when the caller has them already.</param>
    public static string Of(EventKind kind, string? name, string message, IReadOnlyList<string>? fingerprint = null, string? stackJson = null,
        IReadOnlyList<string>? stackTopFrames = null)
    {
        var basis = fingerprint is { Count: > 0 }
            ? "fingerprint\n" + string.Join('\n', fingerprint.Select(part => part == DefaultPart ? DefaultBasis(kind, name, message, stackJson, stackTopFrames) : part))
            : DefaultBasis(kind, name, message, stackJson, stackTopFrames);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..32];
    }

    /// <summary>An error group's title: "Type: template", or the template when there is no type.</summary>
    public static string Title(string? name, string message)
    {
        var template = MessageTemplate.Of(message);
        return string.IsNullOrWhiteSpace(name) || template.StartsWith(name, StringComparison.Ordinal) ? template : $"{name.Trim()}: {template}";
    }

    private static string DefaultBasis(EventKind kind, string? name, string message, string? stackJson, IReadOnlyList<string>? stackTopFrames)
    {
        var type = name?.Trim().ToLowerInvariant();
        var frames = stackTopFrames ?? (stackJson is null ? null : TopFrames(stackJson));
        return frames is { Count: > 0 }
            ? $"stack\n{kind.Name()}\n{type}\n{string.Join('\n', frames)}"
            : $"message\n{kind.Name()}\n{type}\n{MessageTemplate.Of(message)}";
    }

    /// <summary>
    /// The innermost in-app frames of <c>{"frames": [...]}</c>, listed outermost first as Sentry lists them, each as
    /// its function and module (or file). Frames marked <c>in_app: false</c> are left out unless none is in app.
    /// Line numbers are not part of it: a change elsewhere in the file must not open a new group.
    /// </summary>
    public static IReadOnlyList<string>? TopFrames(string stackJson)
    {
        try
        {
            using var document = JsonDocument.Parse(stackJson);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("frames", out var frames)
                ? TopFrames(frames)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The same, of the frames array itself.</summary>
    public static IReadOnlyList<string>? TopFrames(JsonElement frames)
    {
        if (frames.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var all = new List<(string Frame, bool? InApp)>();
        foreach (var frame in frames.EnumerateArray())
        {
            if (frame.ValueKind == JsonValueKind.Object)
            {
                var function = Text(frame, "function");
                var place = Text(frame, "module") ?? Text(frame, "filename") ?? Text(frame, "file") ?? Text(frame, "abs_path");
                if (function is not null || place is not null)
                {
                    var inApp = frame.TryGetProperty("in_app", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? flag.GetBoolean()
                        : (bool?)null;
                    all.Add(($"{function} @ {place}", inApp));
                }
            }
        }

        var chosen = all.Any(frame => frame.InApp != false) ? all.Where(frame => frame.InApp != false).ToList() : all;
        return chosen.TakeLast(StackFrames).Select(frame => frame.Frame).Reverse().ToList();
    }

    private static string? Text(JsonElement frame, string property) =>
        frame.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
