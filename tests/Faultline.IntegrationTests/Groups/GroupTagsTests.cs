using System.Net;
using System.Text.Json.Nodes;
using Faultline.Domain.Common;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Groups;

/// <summary>The values over-represented in a group compared with its app, against shares counted in C# over the events sent.</summary>
public sealed class GroupTagsTests : ApiTest
{
    private sealed record Sent(bool InGroup, string Region, string Plan, string Release);

    [Test]
    public async Task A_tag_value_on_90_percent_of_a_group_and_10_percent_of_the_app_is_over_represented_and_an_even_one_is_not()
    {
        var (appId, key) = await CreateAppAsync();
        // 50 errors of one group: 45 in eu-west-3, half on the pro plan, all on release 2.0; 450 logs outside any group.
        var sent = Enumerable.Range(0, 50).Select(i => new Sent(true, i < 45 ? "eu-west-3" : "us-east-1", i % 2 == 0 ? "pro" : "free", "2.0"))
            .Concat(Enumerable.Range(0, 450).Select(i => new Sent(false, i < 5 ? "eu-west-3" : "us-east-1", i < 200 ? "pro" : "free", i < 250 ? "2.0" : "1.9")))
            .ToList();
        var events = sent.Select((e, i) => (object)new
        {
            kind = e.InGroup ? "error" : "log",
            level = e.InGroup ? "ERROR" : "INFO",
            message = e.InGroup ? $"Card {1000 + i} declined" : $"Page {i} served",
            environment = "prod",
            release = e.Release,
            tags = new { region = e.Region, plan = e.Plan },
        }).ToList();
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch") { Content = Json(new { events }) })
        {
            request.Headers.Add("X-INGEST-KEY", key);
            var response = await Anonymous.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        var groups = (await GetJsonAsync($"/api/v1/apps/{appId}/groups"))["items"]!.AsArray();
        Assert.That(groups, Has.Count.EqualTo(1));
        var groupId = groups[0]!["id"]!.GetValue<long>();

        // The oracle: shares over what was sent, kept by the analysis's rule (at least half of the group, 1.5 times the app's share).
        var candidates = new (string Facet, string? Key, Func<Sent, string> Of)[]
        {
            ("release", null, e => e.Release), ("environment", null, _ => "prod"), ("tag", "region", e => e.Region), ("tag", "plan", e => e.Plan),
        };
        var expected = candidates
            .SelectMany(c => sent.Where(e => e.InGroup).Select(c.Of).Distinct().Select(value => (c.Facet, c.Key, Value: value,
                Count: sent.Count(e => e.InGroup && c.Of(e) == value), AppCount: sent.Count(e => c.Of(e) == value))))
            .Select(v => (v.Facet, v.Key, v.Value, v.Count, v.AppCount, Share: v.Count / 50.0, AppShare: v.AppCount / 500.0))
            .Where(v => v.Share >= 0.5 && v.Share >= 1.5 * v.AppShare)
            .OrderByDescending(v => v.Share - v.AppShare)
            .Select(v => $"{v.Facet} {v.Key} {v.Value} {v.Count}/50 {v.AppCount}/500 {v.Share:0.####} {v.AppShare:0.####}")
            .ToList();

        var body = await GetJsonAsync($"/api/v1/apps/{appId}/groups/{groupId}/tags");
        Assert.That(body["group_events"]!.GetValue<long>(), Is.EqualTo(50));
        Assert.That(body["app_events"]!.GetValue<long>(), Is.EqualTo(500));
        var items = body["items"]!.AsArray().Select(item =>
            $"{item!["facet"]} {item["key"]?.GetValue<string>()} {item["value"]} {item["count"]}/50 {item["app_count"]}/500 "
            + $"{item["share"]!.GetValue<double>():0.####} {item["app_share"]!.GetValue<double>():0.####}").ToList();
        Assert.That(items, Is.EqualTo(expected));
        Assert.That(items, Is.EqualTo(new[] { "tag region eu-west-3 45/50 50/500 0.9 0.1", "release  2.0 50/50 300/500 1 0.6" }));
    }

    [Test]
    public async Task Another_apps_group_or_no_group_is_not_found()
    {
        var (appId, key) = await CreateAppAsync();
        var (otherId, _) = await CreateAppAsync("other");
        await IngestOkAsync(appId, key, EventBody());
        var groupId = (await GetJsonAsync($"/api/v1/apps/{appId}/groups"))["items"]![0]!["id"]!.GetValue<long>();

        Assert.That((await GetJsonAsync($"/api/v1/apps/{appId}/groups/{groupId}/tags?since=2020-01-01T00:00:00Z"))["items"]!.AsArray(), Is.Empty);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{otherId}/groups/{groupId}/tags"), HttpStatusCode.NotFound, ErrorCodes.ResourceNotFound.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/{appId}/groups/999999/tags"), HttpStatusCode.NotFound, ErrorCodes.ResourceNotFound.Value);
        await AssertErrorAsync(await Operator.GetAsync($"/api/v1/apps/999999/groups/{groupId}/tags"), HttpStatusCode.NotFound, ErrorCodes.AppNotFound.Value);
    }
}
