using System.Text;
using Faultline.IntegrationTests.Support;

namespace Faultline.IntegrationTests.Events;

/// <summary>
/// Random names, messages and page URLs over a small alphabet full of % _ \ and mixed case; every search of the
/// canonical list and of the Frontend Monitoring list (with its total) must find exactly the events of which one
/// field contains the text, case aside, as C# finds them again. The index that serves search covers the three
/// fields joined; a text that only spans two of them must not match. The total holds on a page past the end too.
/// </summary>
public sealed class FreeTextSearchOracleTests : ApiTest
{
    private const string Alphabet = "abAB%_\\ -x";

    private sealed record Sent(string? Name, string Message, string? PageUrl);

    private static string Draw(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private static bool Holds(string? field, string text) => field is not null && field.Contains(text, StringComparison.OrdinalIgnoreCase);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task A_search_finds_exactly_the_events_whose_name_message_or_page_url_contains_the_text(int draw)
    {
        var random = new Random(draw);
        var (appId, key) = await CreateAppAsync("search");
        var sent = Enumerable.Range(0, 40).Select(_ => new Sent(
            random.Next(4) == 0 ? null : Draw(random, 1 + random.Next(5)),
            "m" + Draw(random, random.Next(8)),
            random.Next(3) == 0 ? null : "https://x/" + Draw(random, random.Next(6)))).ToList();
        var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
        {
            Content = Json(new { events = sent.Select(e => new { kind = "custom", name = e.Name, message = e.Message, page_url = e.PageUrl }) }),
            Headers = { { "X-INGEST-KEY", key } },
        });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());

        // Texts drawn at random, pieces of stored values, and pieces spanning the end of one field and the start of the next.
        var texts = Enumerable.Range(0, 10).Select(_ => Draw(random, 1 + random.Next(4)))
            .Concat(sent.Take(6).Select(e => e.Message[(e.Message.Length / 2)..]))
            .Concat(sent.Where(e => e.Name is not null).Take(4).Select(e => e.Name![^1..] + " " + e.Message[..1]))
            .Concat(sent.Where(e => e.PageUrl is not null).Take(4).Select(e => e.Message[^1..] + " https"))
            .Append("https://X/")
            .Where(text => !string.IsNullOrWhiteSpace(text)) // a blank q is no filter at all
            .ToList();
        foreach (var text in texts)
        {
            var expected = sent.Count(e => Holds(e.Name, text) || Holds(e.Message, text) || Holds(e.PageUrl, text));
            var q = Uri.EscapeDataString(text);
            var canonical = await GetJsonAsync($"/api/v1/apps/{appId}/events?q={q}&limit=50");
            var frontend = await GetJsonAsync($"/api/events/project/{appId}?search={q}&page_size=100");

            Assert.That(canonical["items"]!.AsArray(), Has.Count.EqualTo(expected), $"q={text}");
            Assert.That(canonical["items"]!.AsArray().All(e => Holds(e!["name"]?.GetValue<string>(), text)
                || Holds(e!["message"]!.GetValue<string>(), text) || Holds(e["page_url"]?.GetValue<string>(), text)), Is.True, $"q={text}");
            Assert.That(frontend["total"]!.GetValue<long>(), Is.EqualTo(expected), $"search={text}");
            Assert.That(frontend["items"]!.AsArray(), Has.Count.EqualTo(expected), $"search={text}");
            var pastTheEnd = await GetJsonAsync($"/api/events/project/{appId}?search={q}&page=99&page_size=1");
            Assert.That(pastTheEnd["total"]!.GetValue<long>(), Is.EqualTo(expected), $"search={text}, page 99");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task The_Frontend_Monitoring_list_pages_by_occurred_at_exactly_whether_its_page_lies_in_the_last_hour_or_not(int draw)
    {
        var random = new Random(draw);
        var now = new DateTimeOffset(2026, 4, 2, 12, 0, 0, TimeSpan.Zero);
        var (appId, key) = await CreateAppAsync("shop");
        // Three hours of events, a third of them on the checkout page; some at the very same instant, ordered then by id.
        var sent = Enumerable.Range(0, 120).Select(i => (
            OccurredAt: now.AddSeconds(-random.Next(3 * 3600) / 7 * 7),
            PageUrl: "https://shop.example.com/" + (i % 3 == 0 ? "Checkout" : "cart"))).ToList();
        App.Clock.Pin(now);
        var response = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{appId}/events/batch")
        {
            Content = Json(new { events = sent.Select(e => new { kind = "interaction", name = "click", message = "m", page_url = e.PageUrl, occurred_at = e.OccurredAt }) }),
            Headers = { { "X-INGEST-KEY", key } },
        });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var ids = (await ReadJsonAsync(response))["ids"]!.AsArray().Select(id => id!.GetValue<long>()).ToList();
        var events = sent.Select((e, i) => (Id: ids[i], e.OccurredAt, e.PageUrl)).ToList();

        foreach (var from in new DateTimeOffset?[] { null, now.AddMinutes(-30), now.AddMinutes(-150) })
        {
            var matching = events.Where(e => e.PageUrl.Contains("checkout", StringComparison.OrdinalIgnoreCase) && (from is null || e.OccurredAt >= from))
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Select(e => e.Id).ToList();
            foreach (var (page, size) in new[] { (1, 5), (2, 5), (3, 7), (1, 200), (4, 10), (9, 5), (99, 3) })
            {
                var url = $"/api/events/project/{appId}?search=checkout&page={page}&page_size={size}"
                    + (from is null ? string.Empty : "&occurred_from=" + Uri.EscapeDataString(from.Value.ToString("O")));
                var body = await GetJsonAsync(url);
                Assert.That(body["total"]!.GetValue<long>(), Is.EqualTo(matching.Count), url);
                Assert.That(body["items"]!.AsArray().Select(e => e!["id"]!.GetValue<long>()), Is.EqualTo(matching.Skip((page - 1) * size).Take(size)), url);
            }
        }
    }
}
