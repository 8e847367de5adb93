using Faultline.Application.Groups;
using Faultline.Application.Groups.Queries.GetGroup;
using Faultline.Application.Groups.Queries.GetGroupTags;
using Faultline.Application.Groups.Queries.ListGroups;
using System.Text.Json;
using AutoMapper;
using Faultline.Application.Analytics.Queries.GetIngestionFigures;
using Faultline.Application.Analytics.Queries.GetSummary;
using Faultline.Api.Contracts;
using Faultline.Api.Input;
using Faultline.Application.Apps;
using Faultline.Application.Apps.Commands.CreateApp;
using Faultline.Application.Apps.Commands.SetRetention;
using Faultline.Application.Events;
using Faultline.Application.Events.Commands.IngestBatch;
using Faultline.Application.Events.Commands.IngestEvent;
using Faultline.Application.Events.Queries.ListEvents;
using Faultline.Application.Keys;
using Faultline.Application.OperatorKeys;
using Faultline.Application.Stats.Queries.GetKindCounts;
using Faultline.Application.Stats.Queries.GetLevelCounts;
using Faultline.Application.Stats.Queries.GetTimeseries;
using Faultline.Application.Stats.Queries.GetTopMessages;

namespace Faultline.Api.Mapping;

/// <summary>Application results to API contracts. Every map is flat (no type refers to itself).</summary>
public sealed class ContractsProfile : Profile
{
    public ContractsProfile()
    {
        CreateMap<AppDto, AppResponse>();
        CreateMap<ProjectDto, AppResponse>();
        CreateMap<Application.Users.UserDto, UserResponse>();
        CreateMap<Application.Requests.RequestSummaryDto, RequestSummaryResponse>()
            .ForMember(target => target.Since, options => options.Ignore())
            .ForMember(target => target.Until, options => options.Ignore());
        CreateMap<Application.Requests.RequestSeriesDto, RequestTimeseriesResponse>();
        CreateMap<Application.Requests.RequestBucketDto, RequestBucketResponse>();
        CreateMap<Application.Requests.EndpointStatsDto, EndpointStatsResponse>();
        CreateMap<CreatedAppDto, CreatedAppResponse>();
        CreateMap<AppRetentionDto, AppRetentionResponse>();
        CreateMap<IngestEventRequest, EventInput>();
        CreateMap<IngestedEventDto, IngestedEventResponse>();
        CreateMap<IngestedBatchDto, IngestedBatchResponse>();
        CreateMap<EventDto, EventResponse>()
            .ForMember(target => target.Stack, options => options.MapFrom(source => StoredJson(source.Stack)))
            .ForMember(target => target.Tags, options => options.MapFrom(source => StoredJson(source.Tags)))
            .ForMember(target => target.Payload, options => options.MapFrom(source => StoredJson(source.Payload)))
            .ForMember(target => target.Metadata, options => options.MapFrom(source => StoredJson(source.Metadata)));
        CreateMap<EventPage, EventPageResponse>();
        CreateMap<SummaryDto, SummaryResponse>()
            .ForMember(target => target.AvgEventsPerUser, options => options.MapFrom(source => Math.Round(source.AvgEventsPerUser, 2)))
            .ForMember(target => target.Since, options => options.Ignore())
            .ForMember(target => target.Until, options => options.Ignore());
        CreateMap<GroupCount, KindCountResponse>()
            .ForMember(target => target.Kind, options => options.MapFrom(source => source.Key))
            .ForMember(target => target.Percentage, options => options.MapFrom(source => Math.Round(source.Percentage, 2)));
        CreateMap<GroupCount, NameCountResponse>()
            .ForMember(target => target.Name, options => options.MapFrom(source => source.Key))
            .ForMember(target => target.Percentage, options => options.MapFrom(source => Math.Round(source.Percentage, 2)));
        CreateMap<UserActivity, TopUserResponse>();
        CreateMap<IngestionFiguresDto, IngestionFiguresResponse>();
        CreateMap<TimeseriesDto, TimeseriesResponse>()
            .ForMember(target => target.GroupBy, options => options.Ignore());
        CreateMap<BucketCount, BucketResponse>()
            .ForMember(target => target.Counts, options => options.Ignore());
        CreateMap<LevelCountsDto, LevelCountsResponse>();
        CreateMap<LevelCount, LevelCountResponse>();
        CreateMap<KindCountsDto, KindCountsResponse>();
        CreateMap<KindCount, KindCountResponse>()
            .ForMember(target => target.Percentage, options => options.MapFrom(source => Math.Round(source.Percentage, 2)));
        CreateMap<TopMessagesDto, TopMessagesResponse>();
        CreateMap<MessageCount, MessageCountResponse>();
        CreateMap<IngestKeyDto, IngestKeyResponse>();
        CreateMap<CreatedIngestKeyDto, CreatedIngestKeyResponse>();
        CreateMap<OperatorKeyDto, OperatorKeyResponse>();
        CreateMap<GroupDto, GroupResponse>();
        CreateMap<GroupPage, GroupPageResponse>();
        CreateMap<HourCount, HourCountResponse>();
        CreateMap<ValueCount, ValueCountResponse>();
        CreateMap<GroupDetail, GroupDetailResponse>();
        CreateMap<GroupTags, GroupTagsResponse>();
        CreateMap<OverRepresentedValue, OverRepresentedValueResponse>();
        CreateMap<CreatedOperatorKeyDto, CreatedOperatorKeyResponse>();
    }

    internal static JsonElement? StoredJson(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
