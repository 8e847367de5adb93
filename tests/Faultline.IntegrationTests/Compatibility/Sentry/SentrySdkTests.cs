using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Compatibility.Sentry;

/// <summary>
/// The real SDKs, unchanged, against Faultline listening on a loopback port: @sentry/node 11.12.0 in Node,
/// and @sentry/browser 11.12.0 in headless Chromium from a page on another origin. Each reports a TypeError
/// with a user and a tag, a message at warning and an exception with its own fingerprint, and all three
/// are read back through the canonical API.
/// </summary>
[NonParallelizable]
public sealed class SentrySdkTests : ApiTest
{
    private static FaultlineApp? _listening;
    private static string _origin = string.Empty;

    [OneTimeSetUp]
    public void ListenOnLoopback() => (_listening, _origin) = LoopbackHosts.ListenOnLoopback();

    [OneTimeTearDown]
    public async Task StopListeningAsync()
    {
        if (_listening is not null)
        {
            await _listening.DisposeAsync();
        }
    }

    private async Task<(long AppId, string Dsn)> DsnAsync()
    {
        var (appId, key) = await CreateAppAsync();
        var origin = new Uri(_origin);
        return (appId, $"{origin.Scheme}://{key}@{origin.Authority}/{appId}");
    }

    private async Task<Dictionary<string, JsonNode>> StoredByEventIdAsync(long appId)
    {
        var items = (await GetJsonAsync($"/api/v1/apps/{appId}/events?limit=50"))["items"]!.AsArray();
        return items.ToDictionary(item => item!["event_id"]!.GetValue<string>(), item => item!);
    }

    private static void AssertReported(JsonNode report, IReadOnlyDictionary<string, JsonNode> stored, string userId, string release)
    {
        var ids = report["ids"]!;
        Assert.That(report["flushed"]!.GetValue<bool>(), Is.True, report.ToJsonString());
        var statuses = report["statuses"]!.AsArray().Select(status => status!.GetValue<int>()).ToList();
        Assert.That(statuses, Is.Not.Empty.And.All.EqualTo(200), report.ToJsonString());
        Assert.That(stored.Keys, Is.SupersetOf(new[] { "typeError", "message", "fingerprinted" }.Select(name => ids[name]!.GetValue<string>())), report.ToJsonString());

        var typeError = stored[ids["typeError"]!.GetValue<string>()];
        var message = stored[ids["message"]!.GetValue<string>()];
        var fingerprinted = stored[ids["fingerprinted"]!.GetValue<string>()];
        Assert.Multiple(() =>
        {
            Assert.That(typeError["kind"]!.GetValue<string>(), Is.EqualTo("error"));
            Assert.That(typeError["level"]!.GetValue<string>(), Is.EqualTo("ERROR"));
            Assert.That(typeError["name"]!.GetValue<string>(), Is.EqualTo("TypeError"));
            Assert.That(typeError["message"]!.GetValue<string>(), Does.StartWith("TypeError: ").And.Contain("total"));
            Assert.That(typeError["user_id"]!.GetValue<string>(), Is.EqualTo(userId));
            Assert.That(typeError["tags"]!["region"]!.GetValue<string>(), Is.EqualTo("eu-west"));
            Assert.That(typeError["release"]!.GetValue<string>(), Is.EqualTo(release));
            Assert.That(typeError["environment"]!.GetValue<string>(), Is.EqualTo("production"));
            Assert.That(typeError["stack"]!["frames"]!.AsArray(), Is.Not.Empty);
            Assert.That(typeError["payload"]!["sdk"]!["version"]!.GetValue<string>(), Is.EqualTo("11.12.0"));

            Assert.That(message["kind"]!.GetValue<string>(), Is.EqualTo("log"));
            Assert.That(message["level"]!.GetValue<string>(), Is.EqualTo("WARNING"));
            Assert.That(message["message"]!.GetValue<string>(), Is.EqualTo("disk almost full"));
            Assert.That(message["user_id"]!.GetValue<string>(), Is.EqualTo(userId));

            Assert.That(fingerprinted["name"]!.GetValue<string>(), Is.EqualTo("Error"));
            Assert.That(fingerprinted["message"]!.GetValue<string>(), Is.EqualTo("Error: card declined"));
            Assert.That(fingerprinted["payload"]!["fingerprint"]!.AsArray().Select(part => part!.GetValue<string>()), Is.EqualTo(new[] { "payments", "card-declined" }));
        });
    }

    [Test]
    public async Task The_node_sdk_reports_a_TypeError_a_message_and_a_fingerprinted_error_through_its_DSN()
    {
        var (appId, dsn) = await DsnAsync();

        var report = JsonNode.Parse(await NodeTools.RunScriptAsync("sentry-node.cjs", dsn))!;

        var stored = await StoredByEventIdAsync(appId);
        AssertReported(report, stored, "u-42", "shop@2.0.0");
        Assert.That(stored[report["ids"]!["typeError"]!.GetValue<string>()]["stack"]!["frames"]!.AsArray()
            .Any(frame => frame!["filename"]?.GetValue<string>().EndsWith("sentry-node.cjs", StringComparison.Ordinal) == true), Is.True);
    }

    [Test]
    public async Task The_browser_sdk_reports_from_another_origin_through_CORS()
    {
        var (appId, dsn) = await DsnAsync();

        var report = JsonNode.Parse(await NodeTools.RunScriptAsync("sentry-browser.cjs", dsn))!;

        Assert.That(report["origin"]!.GetValue<string>(), Is.Not.EqualTo(_origin), "the page and Faultline are different origins");
        Assert.That(report["complaints"]!.AsArray(), Is.Empty, report.ToJsonString());
        Assert.That(report["preflighted"]!["status"]!.GetValue<int>(), Is.EqualTo(200), report.ToJsonString());
        var stored = await StoredByEventIdAsync(appId);
        AssertReported(report, stored, "u-9", "web@3.1.0");
        var typeError = stored[report["ids"]!["typeError"]!.GetValue<string>()];
        Assert.Multiple(() =>
        {
            Assert.That(typeError["page_url"]!.GetValue<string>(), Is.EqualTo(report["pageUrl"]!.GetValue<string>()));
            Assert.That(typeError["user_agent"]!.GetValue<string>(), Is.EqualTo(report["userAgent"]!.GetValue<string>()));
        });
    }
}
