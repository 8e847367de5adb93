using System.Text.Json;
using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Errors;
using Faultline.Api.Infrastructure;
using Faultline.Api.OpenApi;
using Faultline.Application.OperatorKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Faultline.Api;

/// <summary>The HTTP layer: MVC with snake_case JSON, the error envelope everywhere, the two credential kinds, Swagger.</summary>
public static class ApiServices
{
    public const string DefaultUrl = "http://localhost:8000";

    public static IServiceCollection AddFaultlineApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddControllers()
            .AddJsonOptions(options =>
            {
                options.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
                options.JsonSerializerOptions.DictionaryKeyPolicy = null;
                options.JsonSerializerOptions.Converters.Add(new UtcDateTimeConverter());
                options.JsonSerializerOptions.MaxDepth = 64;
                // Apostrophes and angle brackets stay readable; responses are JSON, never HTML.
                options.JsonSerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            })
            .ConfigureApiBehaviorOptions(options => options.InvalidModelStateResponseFactory = ModelStateErrors.ToResult);
        services.AddSingleton<IClientErrorFactory, EnvelopeClientErrorFactory>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(AuthSchemes.Operator, null)
            .AddScheme<AuthenticationSchemeOptions, IngestKeyAuthenticationHandler>(AuthSchemes.IngestKey, null);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, OperatorAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.OperatorRead, policy => policy.AddAuthenticationSchemes(AuthSchemes.Operator).RequireAuthenticatedUser()
                .AddRequirements(new OperatorAccessRequirement(OperatorScopes.Read)))
            .AddPolicy(AuthPolicies.OperatorAdmin, policy => policy.AddAuthenticationSchemes(AuthSchemes.Operator).RequireAuthenticatedUser()
                .AddRequirements(new OperatorAccessRequirement(OperatorScopes.Admin)))
            .AddPolicy(AuthPolicies.OperatorRoot, policy => policy.AddAuthenticationSchemes(AuthSchemes.Operator).RequireAuthenticatedUser()
                .AddRequirements(new OperatorAccessRequirement(OperatorScopes.Admin, AllApps: true)))
            .AddPolicy(AuthPolicies.Ingest, policy => policy.AddAuthenticationSchemes(AuthSchemes.IngestKey).RequireAuthenticatedUser());

        services.AddSingleton<IMapper>(new MapperConfiguration(config => config.AddProfiles(typeof(ApiServices).Assembly)).CreateMapper());
        services.AddFaultlineSwagger();
        return services;
    }

    public static WebApplication UseFaultlineApi(this WebApplication app)
    {
        app.UseMiddleware<ResponseHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => WriteBareStatusAsync(context.HttpContext));
        app.UseFaultlineSwagger();
        app.UseRouting();
        app.UseMiddleware<RateLimitingMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        return app;
    }

    /// <summary>Unknown routes (404), wrong methods (405) and other bodiless errors get the envelope too.</summary>
    private static Task WriteBareStatusAsync(HttpContext context)
    {
        var (code, message) = StatusCodeErrors.Describe(context.Response.StatusCode);
        return ErrorResponses.WriteAsync(context, context.Response.StatusCode, code, message);
    }
}
