using AutoMapper;
using Faultline.Application.Apps;
using Faultline.Application.Keys;
using Faultline.Application.Requests;

namespace Faultline.Api.Compatibility.ApiAnalytics;

/// <summary>Application results to the API Analytics API's contracts; absent figures of an empty window are 0, as its clients expect numbers.</summary>
public sealed class ApiAnalyticsProfile : Profile
{
    public ApiAnalyticsProfile()
    {
        CreateMap<ProjectDto, ProjectResponse>();
        CreateMap<IngestKeyDto, ApiKeyResponse>()
            .ForMember(target => target.IsActive, options => options.MapFrom(source => IsLive(source.RevokedAt, source.ExpiresAt)));
        CreateMap<CreatedIngestKeyDto, CreatedApiKeyResponse>()
            .ForMember(target => target.Warning, options => options.Ignore())
            .ForMember(target => target.IsActive, options => options.Ignore())
            .ForMember(target => target.LastUsedAt, options => options.Ignore())
            .ForMember(target => target.TotalRequests, options => options.Ignore());
        CreateMap<RequestDto, TrackedResponse>();
        CreateMap<RequestSummaryDto, MetricsSummaryResponse>();
        CreateMap<RequestBucketDto, MetricsBucketResponse>()
            .ForMember(target => target.Timestamp, options => options.MapFrom(source => source.BucketStart));
        CreateMap<EndpointStatsDto, MetricsEndpointResponse>();
    }

    private static bool IsLive(DateTime? revokedAt, DateTime? expiresAt) =>
        (revokedAt is null || revokedAt > DateTime.UtcNow) && (expiresAt is null || expiresAt > DateTime.UtcNow);
}
