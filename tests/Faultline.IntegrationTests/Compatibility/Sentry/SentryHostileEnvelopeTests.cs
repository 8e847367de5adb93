using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Faultline.IntegrationTests.Support;
using static Faultline.IntegrationTests.Compatibility.Sentry.SentryEnvelopes;

namespace Faultline.IntegrationTests.Compatibility.Sentry;

/// <summary>Envelopes no SDK would send: each gets a clear 4xx in Sentry's shape (never a 500) and stores nothing.</summary>
public sealed class SentryHostileEnvelopeTests : ApiTest
{
    private async Task<HttpResponseMessage> PostAsync(long appId, string key, byte[] body, string? encoding = null, string endpoint = "envelope")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{appId}/{endpoint}/?sentry_key={key}") { Content = new ByteArrayContent(body) };
        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        return await Anonymous.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(JsonNode.Parse(text)!["code"]?.GetValue<string>(), Is.EqualTo(code), text);
    }

    private static byte[] Text(string envelope) => Encoding.UTF8.GetBytes(envelope);

    private static string EventLine => JsonText(TypeErrorEvent());

    [TestCase("not json at all\n{\"type\":\"event\"}\n{}", TestName = "A header line that is not JSON is a 400")]
    [TestCase("[1,2]\n{\"type\":\"session\"}\n{}", TestName = "A header line that is not an object is a 400")]
    [TestCase("{}\n{\"type\":\"event\"\n{}", TestName = "An item header that is not JSON is a 400")]
    [TestCase("{}\n{\"type\":\"session\",\"length\":500}\n{\"sid\":\"x\"}\n", TestName = "A length past the end is a 400")]
    [TestCase("{}\n{\"type\":\"event\",\"length\":500}\n{}\n", TestName = "An event's length past the end is a 400")]
    [TestCase("{}\n{\"type\":\"session\",\"length\":-5}\n{}\n", TestName = "A negative length is a 400")]
    [TestCase("{}\n{\"type\":\"session\",\"length\":\"12\"}\n{}\n", TestName = "A length that is not a number is a 400")]
    [TestCase("{}\n{\"type\":\"event\",\"length\":1.5}\n{}\n", TestName = "A fractional length is a 400")]
    [TestCase("{}\n{\"type\":\"event\"}\n[1,2,3]\n", TestName = "An event that is not an object is a 400")]
    [TestCase("{}\n{\"type\":\"event\"}\n{\"message\": \"cut", TestName = "An event cut short is a 400")]
    [TestCase("", TestName = "An empty body is a 400")]
    public async Task Malformed_envelopes_are_refused(string envelope)
    {
        var (appId, key) = await CreateAppAsync();

        await AssertRefusedAsync(await PostAsync(appId, key, Text(envelope)), HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [TestCase("{\"message\":\"half a pair \\ud800 here\",\"tags\":{\"\\udc00\":\"\\ud800\"},\"user\":{\"id\":\"\\u0000\"}}", 200, TestName = "Lone surrogates and NUL characters become U+FFFD")]
    [TestCase("{\"extra\":" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" + "}", 400, TestName = "An event nested too deeply is a 400")]
    public async Task Strange_but_well_formed_events_are_answered_without_a_500(string sentryEvent, int status)
    {
        var (appId, key) = await CreateAppAsync();

        var response = await PostAsync(appId, key, Text("{}\n{\"type\":\"event\"}\n" + sentryEvent));

        Assert.That((int)response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(response.StatusCode == HttpStatusCode.OK ? 1 : 0));
    }

    [Test]
    public async Task A_valid_event_beside_a_malformed_item_is_not_stored_either()
    {
        var (appId, key) = await CreateAppAsync();

        await AssertRefusedAsync(await PostAsync(appId, key, Text($"{{}}\n{{\"type\":\"event\"}}\n{EventLine}\n{{\"type\":\"session\",\"length\":-1}}\n{{}}")),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task Ten_thousand_skipped_items_are_read_past()
    {
        var (appId, key) = await CreateAppAsync();
        var envelope = new StringBuilder("{}\n");
        for (var index = 0; index < 10_000; index++)
        {
            envelope.Append(index % 2 == 0 ? "{\"type\":\"session\"}\n{\"sid\":\"s\"}\n" : "{\"type\":\"client_report\",\"length\":2}\n{}\n");
        }

        envelope.Append("{\"type\":\"event\"}\n").Append(EventLine);

        var response = await PostAsync(appId, key, Text(envelope.ToString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task Ten_thousand_events_in_one_envelope_are_too_many_and_nothing_is_stored()
    {
        var (appId, key) = await CreateAppAsync();
        var envelope = new StringBuilder("{}\n");
        for (var index = 0; index < 10_000; index++)
        {
            envelope.Append("{\"type\":\"event\"}\n{\"message\":\"m").Append(index).Append("\"}\n");
        }

        await AssertRefusedAsync(await PostAsync(appId, key, Text(envelope.ToString())), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task An_event_over_one_mebibyte_is_a_413(bool withLength)
    {
        var (appId, key) = await CreateAppAsync();
        var big = TypeErrorEvent();
        big["extra"] = new JsonObject { ["pad"] = new string('x', 1024 * 1024) };

        await AssertRefusedAsync(await PostAsync(appId, key, Envelope(null, [EventItem(big, withLength)])), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        await AssertRefusedAsync(await PostAsync(appId, key, Utf8(big), endpoint: "store"), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task A_large_attachment_is_read_past_without_being_an_event()
    {
        var (appId, key) = await CreateAppAsync();
        var attachment = new Item("attachment", new byte[5 * 1024 * 1024], WithLength: true);

        var response = await PostAsync(appId, key, Envelope(null, [attachment, EventItem(TypeErrorEvent())]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_compressed_body_over_20_MiB_is_a_413()
    {
        var (appId, key) = await CreateAppAsync();
        var random = new byte[21 * 1024 * 1024];
        new Random(7).NextBytes(random);

        await AssertRefusedAsync(await PostAsync(appId, key, random, "gzip"), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task A_200_MB_inflation_is_cut_off_at_100_MiB()
    {
        var (appId, key) = await CreateAppAsync();
        // Spaces inside a skipped item: only the inflated size can stop it.
        var header = Text("{}\n{\"type\":\"attachment\",\"length\":200000000}\n");
        var bomb = GzipOfSpaces(200_000_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{appId}/envelope/?sentry_key={key}")
        {
            Content = new ByteArrayContent([.. Compress(header, "gzip"), .. bomb]),
        };
        request.Content.Headers.ContentEncoding.Add("gzip");

        await AssertRefusedAsync(await Anonymous.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [TestCase("gzip")]
    [TestCase("deflate")]
    [TestCase("br")]
    public async Task A_body_that_does_not_decode_is_a_400(string encoding)
    {
        var (appId, key) = await CreateAppAsync();

        await AssertRefusedAsync(await PostAsync(appId, key, Text("this is not compressed at all, not even a little"), encoding), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Test]
    public async Task An_unknown_content_encoding_is_a_415()
    {
        var (appId, key) = await CreateAppAsync();

        await AssertRefusedAsync(await PostAsync(appId, key, Text("{}"), "compress"), HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }
}
