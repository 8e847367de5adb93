using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility;

public sealed class SurfaceDocsTests : ApiTest
{
    [Test]
    public async Task The_docs_group_each_products_routes_under_its_name()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync("/docs/v1/openapi.json"))!;
        var tags = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(operation => operation.Key is "get" or "post" or "patch" or "delete")
                .Select(operation => (Route: $"{operation.Key} {path.Key}", Tag: operation.Value!["tags"]?[0]?.GetValue<string>())))
            .ToDictionary(entry => entry.Route, entry => entry.Tag);

        Assert.Multiple(() =>
        {
            foreach (var route in new[]
            {
                "post /api/projects", "get /api/projects", "patch /api/projects/{appId}", "post /api/projects/{appId}/rotate-key",
                "delete /api/projects/{appId}", "post /api/events", "get /api/events/project/{appId}",
                "get /api/stats/project/{appId}/summary", "get /api/stats/project/{appId}/timeseries",
            })
            {
                Assert.That(tags.GetValueOrDefault(route), Is.EqualTo("Frontend Monitoring API"), route);
            }

            foreach (var route in new[]
            {
                "post /api/v1/events", "post /api/v1/events/batch", "get /api/v1/events/stats", "get /api/v1/analytics/metrics",
                "get /api/health", "get /api/ready", "get /api/live",
            })
            {
                Assert.That(tags.GetValueOrDefault(route), Is.EqualTo("Event Processor API"), route);
            }
        });
    }
}
