using System.Text;
using System.Text.Json;
using Faultline.Api.Compatibility.Sentry;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.UnitTests.Api.Compatibility.Sentry;

/// <summary>
/// Envelopes generated at random (item types, with and without lengths, payloads larger than the reader's
/// buffer, multi-line events inside a length) and delivered a few bytes at a time, so that every line and
/// payload boundary falls across reads: the events read are exactly the ones written, in order.
/// </summary>
public sealed class EnvelopeReadingTests
{
    /// <summary>Hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, Random random, int maxChunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, random.Next(1, maxChunk + 1)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, random.Next(1, maxChunk + 1))], cancellationToken);
    }

    private static (byte[] Body, List<string> Messages, List<string> Ids) Generate(Random random)
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write("{\"sent_at\":\"2026-02-10T10:00:01Z\"}");
        var messages = new List<string>();
        var ids = new List<string>();
        var items = random.Next(0, 12);
        for (var index = 0; index < items; index++)
        {
            Write("\n");
            var withLength = random.Next(2) == 0;
            byte[] payload;
            string type;
            switch (random.Next(4))
            {
                case 0:
                    type = "event";
                    var id = Guid.NewGuid().ToString("N");
                    var message = $"message {index}";
                    var extra = new { pad = new string('x', random.Next(0, 40_000)) };
                    // Inside a length an event may be pretty-printed over several lines.
                    payload = JsonSerializer.SerializeToUtf8Bytes(new { event_id = id, message, extra }, new JsonSerializerOptions { WriteIndented = withLength });
                    messages.Add(message);
                    ids.Add(id);
                    break;
                case 1:
                    type = "attachment";
                    withLength = true;
                    payload = new byte[random.Next(0, 70_000)];
                    random.NextBytes(payload);
                    break;
                case 2:
                    type = "session";
                    payload = Encoding.UTF8.GetBytes("{\"sid\":\"" + new string('s', random.Next(0, 30_000)) + "\"}");
                    break;
                default:
                    type = "type_from_the_future";
                    payload = Encoding.UTF8.GetBytes("{}");
                    break;
            }

            Write(withLength ? $"{{\"type\":\"{type}\",\"length\":{payload.Length}}}\n" : $"{{\"type\":\"{type}\"}}\n");
            body.Write(payload);
        }

        if (random.Next(2) == 0)
        {
            Write("\n");
        }

        return (body.ToArray(), messages, ids);
    }

    [Test]
    public async Task Generated_envelopes_read_a_few_bytes_at_a_time_yield_exactly_their_events()
    {
        var random = new Random(20260210);
        for (var round = 0; round < 200; round++)
        {
            var (body, messages, ids) = Generate(random);

            var envelope = await SentryEnvelope.ReadAsync(new TrickleStream(body, random, random.Next(1, 4_000)), CancellationToken.None);

            Assert.That(envelope.Events.Select(item => item.Message), Is.EqualTo(messages), $"round {round}");
            Assert.That(envelope.Events.Select(item => item.EventId), Is.EqualTo(ids), $"round {round}");
            Assert.That(envelope.EventId, Is.EqualTo(ids.FirstOrDefault()), $"round {round}");
        }
    }

    [TestCase("{}\n{\"type\":\"attachment\",\"length\":10}\n12345")]
    [TestCase("{}\n{\"type\":\"event\",\"length\":10}\n{}")]
    public void A_length_past_the_end_is_a_validation_error(string envelope)
    {
        var error = Assert.ThrowsAsync<DomainValidationException>(() =>
            SentryEnvelope.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(envelope)), CancellationToken.None));

        Assert.That(error!.Errors[0].Field, Is.EqualTo("Length"));
    }

    [Test]
    public void An_event_line_over_one_mebibyte_is_too_large_however_it_arrives()
    {
        var envelope = Encoding.UTF8.GetBytes("{}\n{\"type\":\"event\"}\n{\"message\":\"" + new string('x', SentryEnvelope.MaxEventBytes) + "\"}");

        var error = Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            SentryEnvelope.ReadAsync(new TrickleStream(envelope, new Random(3), 100_000), CancellationToken.None));

        Assert.That(error!.LimitBytes, Is.EqualTo(SentryEnvelope.MaxEventBytes));
    }

    [Test]
    public async Task A_skipped_line_of_any_length_is_read_past()
    {
        var envelope = Encoding.UTF8.GetBytes("{}\n{\"type\":\"session\"}\n" + new string('s', 5 * SentryEnvelope.MaxEventBytes) + "\n{\"type\":\"event\"}\n{\"message\":\"after\"}");

        var read = await SentryEnvelope.ReadAsync(new TrickleStream(envelope, new Random(5), 64_000), CancellationToken.None);

        Assert.That(read.Events.Single().Message, Is.EqualTo("after"));
    }

    [TestCase(@"half \ud83d here", "half \uFFFD here")]
    [TestCase(@"low \ude00 alone", "low \uFFFD alone")]
    [TestCase(@"a pair \ud83d\ude00 stays", "a pair \U0001F600 stays")]
    [TestCase(@"two highs \ud83d\ud83d\ude00", "two highs \uFFFD\U0001F600")]
    [TestCase(@"an escaped backslash \\ud800 is no escape", @"an escaped backslash \ud800 is no escape")]
    public async Task Halves_of_surrogate_pairs_become_replacement_characters(string escaped, string expected)
    {
        var envelope = Encoding.UTF8.GetBytes("{}\n{\"type\":\"event\"}\n{\"message\":\"" + escaped + "\"}");

        var read = await SentryEnvelope.ReadAsync(new MemoryStream(envelope), CancellationToken.None);

        Assert.That(read.Events.Single().Message, Is.EqualTo(expected));
    }
}
