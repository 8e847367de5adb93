using Microsoft.OpenApi;

namespace Faultline.Api.OpenApi;

internal static class SwaggerSetup
{
    public const string DocumentPath = "/docs/v1/openapi.json";

    public static IServiceCollection AddFaultlineSwagger(this IServiceCollection services) =>
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Faultline",
                Version = "v1",
                Description = "Error and event analytics. Every error answer is {\"error\": {\"code\", \"message\", \"details\"}}.",
            });
            options.AddSecurityDefinition(SecurityRequirementsFilter.OperatorScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Operator token (Faultline:AdminToken, or the one printed at first start).",
            });
            options.AddSecurityDefinition(SecurityRequirementsFilter.IngestKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-INGEST-KEY",
                Description = "The app's ingest key; X-API-Key and Authorization: Bearer are accepted too.",
            });
            options.AddSecurityDefinition(SecurityRequirementsFilter.SentryKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = "sentry_key",
                Description = "Sentry's envelope protocol: the app's ingest key as the DSN's key; X-Sentry-Auth: Sentry sentry_key=... is accepted too.",
            });
            options.OperationFilter<SecurityRequirementsFilter>();
            options.DocInclusionPredicate((_, description) => CanonicalRoutes.IsDocumented(description));
            options.OperationFilter<CanonicalRoutes>();
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Faultline.Api.xml"));
            // Operation ids are left out: the action names alone would not be unique across controllers.
            options.CustomOperationIds(description => null);
        });

    /// <summary>Only requests under /docs pass through Swagger's two middlewares, which otherwise match every path (record 0017).</summary>
    public static IApplicationBuilder UseFaultlineSwagger(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase),
            docs => docs.UseSwagger(options => options.RouteTemplate = "docs/{documentName}/openapi.json")
                .UseSwaggerUI(options =>
                {
                    options.RoutePrefix = "docs";
                    options.SwaggerEndpoint(DocumentPath, "Faultline v1");
                }));
}
