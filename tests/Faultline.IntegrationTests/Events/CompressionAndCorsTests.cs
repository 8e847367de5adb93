using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Faultline.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Faultline.IntegrationTests.Events;

public sealed class CompressionAndCorsTests : ApiTest
{
    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private async Task<HttpResponseMessage> PostEncodedAsync(long appId, string key, byte[] body, string encoding, string path = "events")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/{path}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentEncoding.Add(encoding);
        request.Headers.Add("X-INGEST-KEY", key);
        return await Anonymous.SendAsync(request);
    }

    [Test]
    public async Task A_gzip_body_is_accepted_for_single_events_and_batches()
    {
        var (appId, key) = await CreateAppAsync();
        var single = Gzip(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(EventBody(message: "zipped"))));
        var batch = Gzip(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { events = new[] { EventBody(message: "a"), EventBody(message: "b") } })));

        Assert.That((await PostEncodedAsync(appId, key, single, "gzip")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await PostEncodedAsync(appId, key, batch, "gzip", "events/batch")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_gzip_bomb_is_too_large_once_inflated_and_stores_nothing()
    {
        var (appId, key) = await CreateAppAsync();
        var json = "{\"occurred_at\": \"2026-02-10T10:00:00Z\", \"level\": \"ERROR\", \"message\": \"m\", \"stack\": {\"pad\": \"" + new string(' ', 20 * 1024 * 1024) + "\"}}";
        var bomb = Gzip(Encoding.UTF8.GetBytes(json));
        Assert.That(bomb.Length, Is.LessThan(1024 * 1024), "the compressed body is under the limit");

        await AssertErrorAsync(await PostEncodedAsync(appId, key, bomb, "gzip"), HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.That(await DatabaseReset.CountAsync("events"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_body_that_is_not_gzip_is_a_400()
    {
        var (appId, key) = await CreateAppAsync();
        await AssertErrorAsync(await PostEncodedAsync(appId, key, Encoding.UTF8.GetBytes("not gzip at all"), "gzip"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [TestCase("br")]
    [TestCase("compress")]
    public async Task Other_content_encodings_are_unsupported(string encoding)
    {
        var (appId, key) = await CreateAppAsync();
        await AssertErrorAsync(await PostEncodedAsync(appId, key, [1, 2, 3], encoding), HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Test]
    public async Task Browsers_from_a_configured_origin_may_send_events()
    {
        var (appId, key) = await CreateAppAsync();
        await using var cors = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Cors:AllowedOrigins:0", "https://shop.example"));
        using var client = cors.CreateClient();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/apps/{appId}/events");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-ingest-key");
        var answer = await client.SendAsync(preflight);

        Assert.That((int)answer.StatusCode, Is.EqualTo(204).Or.EqualTo(200));
        Assert.That(answer.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://shop.example"));

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) };
        post.Headers.Add("Origin", "https://shop.example");
        post.Headers.Add("X-INGEST-KEY", key);
        var created = await client.SendAsync(post);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://shop.example"));
    }

    [Test]
    public async Task Other_origins_get_no_CORS_permission()
    {
        var (appId, key) = await CreateAppAsync();
        await using var cors = App.WithWebHostBuilder(builder => builder.UseSetting("Faultline:Cors:AllowedOrigins:0", "https://shop.example"));
        using var client = cors.CreateClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/apps/{appId}/events") { Content = Json(EventBody()) };
        post.Headers.Add("Origin", "https://evil.example");
        post.Headers.Add("X-INGEST-KEY", key);

        var response = await client.SendAsync(post);

        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}
