using System.Reflection;
using Faultline.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Faultline.Api.OpenApi;

/// <summary>
/// A controller served under several prefixes (the canonical /api/v1/... and a product's own) is documented
/// once, under the canonical path; its description says where else it is served.
/// </summary>
internal sealed class CanonicalRoutes : IOperationFilter
{
    /// <summary>For DocInclusionPredicate: false for the copies of an operation under a non-canonical prefix.</summary>
    public static bool IsDocumented(ApiDescription description)
    {
        var templates = ControllerTemplates(description);
        return templates.Count < 2
            || !templates.Any(template => template.StartsWith(RouteTemplates.CanonicalPrefix, StringComparison.Ordinal))
            || (description.RelativePath ?? string.Empty).StartsWith(RouteTemplates.CanonicalPrefix, StringComparison.Ordinal);
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? string.Empty;
        var templates = ControllerTemplates(context.ApiDescription);
        var own = templates.Where(template => path.StartsWith(template, StringComparison.Ordinal)).MaxBy(template => template.Length);
        if (own is null || templates.Count < 2)
        {
            return;
        }

        var rest = path[own.Length..];
        var others = templates.Where(template => template != own)
            .Select(template => RouteTemplates.ProductServedAt(template) is { } product
                ? $"/{template}{rest} ({product})"
                : $"/{template}{rest}");
        var note = "Also served at " + string.Join(", ", others) + ".";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? note : operation.Description + "\n\n" + note;
    }

    private static List<string> ControllerTemplates(ApiDescription description) =>
        description.ActionDescriptor is ControllerActionDescriptor action
            ? action.ControllerTypeInfo.GetCustomAttributes<RouteAttribute>().Select(route => route.Template).ToList()
            : [];
}
