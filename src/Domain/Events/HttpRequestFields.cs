using Faultline.Domain.Common;

namespace Faultline.Domain.Events;

/// <summary>
/// The rules for a reported API call (a <c>request</c> event): a path that starts with '/', an HTTP method
/// as written in the protocol (upper case), a status code that HTTP defines, and a duration of 0 to 120,000 ms.
/// </summary>
public static class HttpRequestFields
{
    public const double MaxDurationMs = 120_000;

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
    };

    // The status codes registered with IANA (RFC 9110 and its companions); 299 and the like are not statuses.
    private static readonly HashSet<int> Statuses =
    [
        100, 101, 102, 103,
        200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
        300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
        500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ];

    /// <summary>The path with a trailing '/' dropped ("/users/" is "/users"; "/" stays).</summary>
    public static string Path(string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '/' || value.Length > NewEvent.MaxUrlLength || value.Any(char.IsControl))
        {
            throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be a path that starts with '/' (at most {NewEvent.MaxUrlLength} characters).");
        }

        var trimmed = value.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    public static string Method(string? value, string field) =>
        value is not null && Methods.Contains(value)
            ? value
            : throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be an HTTP method in upper case: {string.Join(", ", Methods)}.");

    public static int Status(int? value, string field) =>
        value is { } status && Statuses.Contains(status)
            ? status
            : throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be an HTTP status code that HTTP defines (such as 200, 404 or 503).");

    public static double DurationMs(double? value, string field) =>
        value is { } duration && !double.IsNaN(duration) && duration is >= 0 and <= MaxDurationMs
            ? duration
            : throw DomainValidationException.ForField(field, $"{FieldError.FieldToken} must be a number of milliseconds from 0 to {MaxDurationMs:0}.");

    /// <summary>A status of 400 or more is an error in request statistics.</summary>
    public static bool IsError(int status) => status >= 400;
}
