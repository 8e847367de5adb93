using System.Text.Json;
using AutoMapper;
using Faultline.Api.Auth;
using Faultline.Api.Compatibility.Sentry;
using Faultline.Api.Errors;
using Faultline.Api.Infrastructure;
using Faultline.Api.Input;
using Faultline.Api.OpenApi;
using Faultline.Api.OperatorConsole;
using Faultline.Application.OperatorKeys;
using Faultline.Domain.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace Faultline.Api;

/// <summary>The HTTP layer: MVC with snake_case JSON, the error envelope everywhere, the three credential kinds, Swagger.</summary>
public static class ApiServices
{
    public const string DefaultUrl = "http://localhost:8000";
    public const string IngestionCorsPolicy = "Ingestion";
    public const string CorsOriginsKey = "Faultline:Cors:AllowedOrigins";
    public const string RequestTimeoutKey = "Faultline:RequestTimeoutSeconds";
    private const int DefaultRequestTimeoutSeconds = 30;

    public static IServiceCollection AddFaultlineApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<RateLimits>();
        services.AddSingleton<SignInThrottle>();
        services.AddCors(options => options.AddPolicy(IngestionCorsPolicy, policy => ConfigureIngestionCors(policy, configuration)));
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue(RequestTimeoutKey, DefaultRequestTimeoutSeconds))),
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context =>
            {
                context.Response.Headers.RetryAfter = "1";
                return ErrorResponses.WriteAsync(context, ErrorCodes.RequestTimeout,
                    "The request took too long and was cancelled. Retry after the number of seconds in Retry-After.");
            },
        });
        services.AddControllers(options => options.ModelBinderProviders.Insert(0, new WholeJsonBodyBinderProvider()))
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
        services.AddSingleton<IErrorWriter, CanonicalErrorWriter>();
        services.AddSingleton<IClientErrorFactory, EnvelopeClientErrorFactory>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(AuthSchemes.Operator, null)
            .AddScheme<AuthenticationSchemeOptions, IngestKeyAuthenticationHandler>(AuthSchemes.IngestKey, null)
            .AddScheme<AuthenticationSchemeOptions, IngestKeyAuthenticationHandler>(AuthSchemes.IngestKeyOwnApp, null)
            .AddScheme<AuthenticationSchemeOptions, UserAuthenticationHandler>(AuthSchemes.User, null)
            .AddScheme<AuthenticationSchemeOptions, ConsoleAuthenticationHandler>(AuthSchemes.Console, null);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, OperatorAccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AppNotVisibleResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.OperatorRead, policy => policy.AddAuthenticationSchemes(AuthSchemes.Operator, AuthSchemes.User, AuthSchemes.Console).RequireAuthenticatedUser()
                .AddRequirements(new OperatorAccessRequirement(OperatorScopes.Read)))
            .AddPolicy(AuthPolicies.OperatorAdmin, policy => policy.AddAuthenticationSchemes(AuthSchemes.Operator, AuthSchemes.User, AuthSchemes.Console).RequireAuthenticatedUser()
                .AddRequirements(new OperatorAccessRequirement(OperatorScopes.Admin)))
            .AddPolicy(AuthPolicies.OperatorRoot, policy => policy.AddAuthenticationSchemes(AuthSchemes.Operator, AuthSchemes.User, AuthSchemes.Console).RequireAuthenticatedUser()
                .AddRequirements(new OperatorAccessRequirement(OperatorScopes.Admin, AllApps: true)))
            .AddPolicy(AuthPolicies.SignedIn, policy => policy.AddAuthenticationSchemes(AuthSchemes.User).RequireAuthenticatedUser())
            .AddPolicy(AuthPolicies.Ingest, policy => policy.AddAuthenticationSchemes(AuthSchemes.IngestKey).RequireAuthenticatedUser())
            .AddPolicy(AuthPolicies.IngestOwnApp, policy => policy.AddAuthenticationSchemes(AuthSchemes.IngestKeyOwnApp).RequireAuthenticatedUser());
        services.AddSentryEnvelopeProtocol();

        services.AddSingleton<IMapper>(new MapperConfiguration(config => config.AddProfiles(typeof(ApiServices).Assembly)).CreateMapper());
        services.AddFaultlineSwagger();
        services.AddStageTiming(configuration);
        return services;
    }

    public static WebApplication UseFaultlineApi(this WebApplication app)
    {
        // Named for bench/cost-table, which can time each (StageTimingSetup); otherwise simply added in order.
        app.UseTimed(
            ("request id, security headers, logging scope", a => a.UseMiddleware<ResponseHeadersMiddleware>()),
            ("exception handler", a => a.UseExceptionHandler()),
            ("status code pages", a => a.UseStatusCodePages(context => WriteBareStatusAsync(context.HttpContext))),
            ("Swagger", a => a.UseFaultlineSwagger()),
            ("routing (endpoint matching)", a => a.UseRouting()),
            ("CORS", a => a.UseCors()),
            ("request timeouts", a => a.UseRequestTimeouts()),
            ("repeated-query check", a => a.UseMiddleware<RepeatedQueryParameterMiddleware>()),
            ("body limit", a => a.UseMiddleware<RequestBodyLimitMiddleware>()),
            ("failed-authentication gate", a => a.UseMiddleware<FailedAuthenticationGate>()),
            ("authentication and the key cache", a => a.UseMiddleware<CallerAuthenticationMiddleware>()),
            ("rate limiter", a => a.UseMiddleware<RateLimitingMiddleware>()),
            ("authorization", a => a.UseAuthorization()));
        app.MapControllers();
        return app;
    }

    /// <summary>Browsers may send events from the configured origins ("*" for any); none by default.</summary>
    private static void ConfigureIngestionCors(CorsPolicyBuilder policy, IConfiguration configuration)
    {
        var origins = configuration.GetSection(CorsOriginsKey).Get<string[]>() ?? [];
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        policy.WithMethods(HttpMethods.Post)
            .WithHeaders("Content-Type", "Content-Encoding", "X-INGEST-KEY", "X-API-Key", "Authorization", "X-Request-Id")
            .WithExposedHeaders("X-Request-Id", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
    }

    /// <summary>Unknown routes (404), wrong methods (405) and other bodiless errors get the envelope too.</summary>
    private static Task WriteBareStatusAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context, StatusCodeErrors.Describe(context.Response.StatusCode));
}
