using System.Net;
using Faultline.Domain.Common;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Events;

/// <summary>The fingerprint stored with each event is its grouping key: template, stack or the client's own.</summary>
public sealed class GroupingKeyTests : ApiTest
{
    private static object Error(string message, object? fingerprint = null, object? stack = null) =>
        new { kind = "error", name = "TimeoutError", message, fingerprint, stack };

    private async Task<Dictionary<string, string>> FingerprintsByMessageAsync(long appId) =>
        (await GetJsonAsync($"/api/v1/apps/{appId}/events?limit=50"))["items"]!.AsArray()
            .ToDictionary(item => item!["message"]!.GetValue<string>(), item => item!["fingerprint"]!.GetValue<string>());

    [Test]
    public async Task Events_from_one_statement_share_a_fingerprint_and_a_client_fingerprint_overrides_it()
    {
        var (appId, key) = await CreateAppAsync();
        await IngestOkAsync(appId, key, Error("Timeout after 31 ms calling 10.0.0.7:5432"));
        await IngestOkAsync(appId, key, Error("Timeout after 950 ms calling db.internal.example.org:5432"));
        await IngestOkAsync(appId, key, Error("Connection refused calling 10.0.0.7:5432"));
        await IngestOkAsync(appId, key, Error("anything at all", fingerprint: new[] { "db-down" }));
        await IngestOkAsync(appId, key, Error("something else entirely", fingerprint: new[] { "db-down" }));

        var fingerprints = await FingerprintsByMessageAsync(appId);

        Assert.Multiple(() =>
        {
            Assert.That(fingerprints["Timeout after 950 ms calling db.internal.example.org:5432"], Is.EqualTo(fingerprints["Timeout after 31 ms calling 10.0.0.7:5432"]));
            Assert.That(fingerprints["Connection refused calling 10.0.0.7:5432"], Is.Not.EqualTo(fingerprints["Timeout after 31 ms calling 10.0.0.7:5432"]));
            Assert.That(fingerprints["something else entirely"], Is.EqualTo(fingerprints["anything at all"]));
            Assert.That(fingerprints["anything at all"], Is.Not.EqualTo(fingerprints["Timeout after 31 ms calling 10.0.0.7:5432"]));
        });
    }

    [Test]
    public async Task Events_with_the_same_in_app_frames_share_a_fingerprint_whatever_their_messages()
    {
        var (appId, key) = await CreateAppAsync();
        var stack = new { frames = new object[] { new { function = "Checkout", module = "shop.orders", lineno = 42, in_app = true } } };
        await IngestOkAsync(appId, key, Error("order 1 timed out", stack: stack));
        await IngestOkAsync(appId, key, Error("the basket could not be read", stack: stack));

        var fingerprints = await FingerprintsByMessageAsync(appId);

        Assert.That(fingerprints["the basket could not be read"], Is.EqualTo(fingerprints["order 1 timed out"]));
    }

    [TestCase("\"db-down\"")]
    [TestCase("[]")]
    [TestCase("[1, 2]")]
    [TestCase("[\"\"]")]
    public async Task A_fingerprint_that_is_not_an_array_of_strings_is_a_validation_error_and_nothing_is_stored(string fingerprint)
    {
        var (appId, key) = await CreateAppAsync();

        var response = await IngestRawAsync(appId, key, $$"""{"kind": "error", "message": "boom", "fingerprint": {{fingerprint}}}""");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, ErrorCodes.ValidationError.Value);
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }
}
