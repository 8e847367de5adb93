using AutoMapper;
using Faultline.Api.Input;
using Faultline.Api.Mapping;
using Faultline.Application.Apps;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Events;
using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.Api.Compatibility.FrontendMonitoring;

/// <summary>The Frontend Monitoring API's shapes onto Faultline's: a project is an app, event_type is the kind.</summary>
public sealed class FrontendMonitoringProfile : Profile
{
    /// <summary>The event types its SDKs send; the match is exact, as the original's enum.</summary>
    public static readonly IReadOnlyDictionary<string, EventKind> EventTypes = new Dictionary<string, EventKind>(StringComparer.Ordinal)
    {
        ["error"] = EventKind.Error,
        ["performance"] = EventKind.Performance,
        ["interaction"] = EventKind.Interaction,
        ["custom"] = EventKind.Custom,
    };

    public FrontendMonitoringProfile()
    {
        CreateMap<AppDto, FrontendProjectResponse>();
        CreateMap<ProjectDto, FrontendProjectResponse>();
        CreateMap<AppDto, FrontendProjectWithKeyResponse>()
            .ForMember(target => target.ApiKey, options => options.Ignore());
        CreateMap<CreatedAppDto, FrontendProjectWithKeyResponse>()
            .ForMember(target => target.ApiKey, options => options.MapFrom(source => source.IngestKey));
        CreateMap<EventDto, FrontendEventResponse>()
            .ForMember(target => target.ProjectId, options => options.MapFrom(source => source.AppId))
            .ForMember(target => target.EventType, options => options.MapFrom(source => source.Kind))
            .ForMember(target => target.Payload, options => options.MapFrom(source => ContractsProfile.StoredJson(source.Payload)));
    }

    public static EventKind ParseEventType(string? text, bool required)
    {
        if (text is null && !required)
        {
            return default;
        }

        return text is not null && EventTypes.TryGetValue(text, out var kind)
            ? kind
            : throw DomainValidationException.ForField("Kind", $"{FieldError.FieldToken} must be one of error, performance, interaction, custom.");
    }

    /// <summary>A browser SDK's event, checked by the surface's rules (event_type and name required) and then Faultline's.</summary>
    public static NewEvent Read(FrontendEventRequest body)
    {
        var kind = ParseEventType(body.EventType, required: true);
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            throw DomainValidationException.ForField("Name", $"{FieldError.FieldToken} is required.");
        }

        return EventInputReader.Read(new EventInput
        {
            Kind = kind.Name(),
            Name = body.Name,
            Message = body.Message,
            UserId = body.UserId,
            SessionId = body.SessionId,
            PageUrl = body.PageUrl,
            UserAgent = body.UserAgent,
            Environment = body.Environment,
            Release = body.Release,
            Payload = body.Payload,
            OccurredAt = body.OccurredAt,
        });
    }

    /// <summary>The stored event, as the write stored it (no read back: the ingestion path stays one round trip).</summary>
    public static FrontendEventResponse Stored(long appId, long id, DateTime receivedAt, NewEvent stored, FrontendEventRequest body) => new()
    {
        Id = id,
        ProjectId = appId,
        EventType = stored.Kind.Name(),
        Name = stored.Name,
        Message = body.Message is null ? null : stored.Message,
        Payload = ContractsProfile.StoredJson(stored.Fields.PayloadJson),
        UserId = stored.Fields.UserId,
        SessionId = stored.Fields.SessionId,
        PageUrl = stored.Fields.PageUrl,
        UserAgent = stored.Fields.UserAgent,
        Environment = stored.Fields.Environment,
        Release = stored.Fields.Release,
        OccurredAt = stored.OccurredAt?.UtcDateTime ?? receivedAt,
        ReceivedAt = receivedAt,
    };
}
