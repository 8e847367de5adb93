using Faultline.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Faultline.Api.OpenApi;

/// <summary>Marks each operation with the credential its authorization policy needs.</summary>
internal sealed class SecurityRequirementsFilter : IOperationFilter
{
    public const string OperatorScheme = "operatorToken";
    public const string IngestKeyScheme = "ingestKey";
    public const string SentryKeyScheme = "sentryKey";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata
            .OfType<AuthorizeAttribute>().Select(attribute => attribute.Policy).ToHashSet();
        var scheme = policies.Contains(AuthPolicies.Ingest) ? IngestKeyScheme
            : policies.Contains(AuthPolicies.SentryIngest) ? SentryKeyScheme
            : policies.Any(policy => policy is AuthPolicies.OperatorRead or AuthPolicies.OperatorAdmin or AuthPolicies.OperatorRoot) ? OperatorScheme
            : null;
        if (scheme is null)
        {
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [],
        });
    }
}
