using Faultline.Application.Apps.Queries.FindAppByName;
using Faultline.Application.Access;
using Faultline.Application.Events.Queries.SearchEvents;
using Faultline.Domain.Common;
using Faultline.Domain.Events;
using MediatR;
using System.Security.Claims;

namespace Faultline.Api.Compatibility.LogHunter;

/// <summary>The fields LogHunter's requests share: service (an app's name), namespace, levels, keyword.</summary>
internal static class LogHunterInput
{
    /// <summary>The request's window, <paramref name="defaultLength"/> back from now when it names none.</summary>
    public static Domain.Time.TimeWindow Window(WindowRequest request, DateTimeOffset now, TimeSpan defaultLength) =>
        Domain.Time.LookBack.Resolve(request.Since, request.Start, request.End, now, defaultLength);

    /// <summary>The look-back a window came from (the default's when none), or null for a fixed start/end window.</summary>
    public static string? LookBackOf(WindowRequest request, TimeSpan defaultLength) =>
        string.IsNullOrWhiteSpace(request.Start) && string.IsNullOrWhiteSpace(request.End)
            ? request.Since?.Trim().ToLowerInvariant() ?? $"{defaultLength.TotalMinutes}m"
            : null;

    public static string Service(string? service) =>
        string.IsNullOrWhiteSpace(service)
            ? throw DomainValidationException.ForField("Service", $"{FieldError.FieldToken} is required: the name of an app.")
            : service.Trim();

    /// <summary>The service's app, if the caller may see it; otherwise 404.</summary>
    public static Task<long> AppAsync(IMediator sender, ClaimsPrincipal user, string? service, CancellationToken cancellationToken) =>
        sender.Send(new FindAppByNameQuery(Service(service), user.Caller().Apps), cancellationToken);

    public static IReadOnlyList<Level> Levels(IReadOnlyList<string>? levels) =>
        levels?.Select(level => Faultline.Domain.Events.Levels.Parse(level, "Levels")).Distinct().ToList() ?? [];

    public static string? Keyword(string? keyword)
    {
        if (string.IsNullOrEmpty(keyword))
        {
            return null;
        }

        return keyword.Length > SearchEventsQuery.MaxKeywordLength || keyword.Any(char.IsControl)
            ? throw DomainValidationException.ForField(
                "Keyword", $"{FieldError.FieldToken} is at most {SearchEventsQuery.MaxKeywordLength} printable characters.")
            : keyword;
    }

    public static string? Namespace(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Length > 200 ? throw DomainValidationException.ForField("Namespace", $"{FieldError.FieldToken} is at most 200 characters.")
        : value.Trim();
}
