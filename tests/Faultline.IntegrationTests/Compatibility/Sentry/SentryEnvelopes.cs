using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Faultline.IntegrationTests.Compatibility.Sentry;

/// <summary>
/// Envelopes written from Sentry's protocol, shaped as @sentry/node 11.12.0 sends them (recorded): a header
/// line, then items of a JSON header line and a payload, with or without a length.
/// </summary>
internal static class SentryEnvelopes
{
    public const string TypeErrorEventId = "47107467759c431b83fd1d51ba289f88";

    /// <summary>A TypeError as captureException reports it, with a user, a tag, a release and a request.</summary>
    public static JsonObject TypeErrorEvent(string eventId = TypeErrorEventId) => new()
    {
        ["exception"] = new JsonObject
        {
            ["values"] = new JsonArray(new JsonObject
            {
                ["type"] = "TypeError",
                ["value"] = "Cannot read properties of null (reading 'x')",
                ["stacktrace"] = new JsonObject
                {
                    ["frames"] = new JsonArray(
                        new JsonObject { ["filename"] = "node:events", ["function"] = "Server.emit", ["lineno"] = 536, ["colno"] = 35, ["in_app"] = false },
                        new JsonObject { ["filename"] = "/srv/shop/checkout.js", ["function"] = "pay", ["lineno"] = 19, ["colno"] = 14, ["in_app"] = true, ["context_line"] = "  null.x;" }),
                },
                ["mechanism"] = new JsonObject { ["type"] = "generic", ["handled"] = true },
            }),
        },
        ["event_id"] = eventId,
        ["level"] = "error",
        ["platform"] = "node",
        ["contexts"] = new JsonObject { ["runtime"] = new JsonObject { ["name"] = "node", ["version"] = "v20.20.2" } },
        ["server_name"] = "vm",
        ["timestamp"] = 1770717600.25,
        ["environment"] = "staging",
        ["release"] = "shop@1.2.3",
        ["sdk"] = new JsonObject { ["name"] = "sentry.javascript.node", ["version"] = "11.12.0" },
        ["tags"] = new JsonObject { ["region"] = "eu" },
        ["user"] = new JsonObject { ["id"] = "u-7", ["email"] = "ada@example.com" },
        ["request"] = new JsonObject
        {
            ["url"] = "https://shop.example/checkout",
            ["method"] = "POST",
            ["headers"] = new JsonObject { ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64)" },
        },
        ["breadcrumbs"] = new JsonArray(new JsonObject { ["category"] = "console", ["message"] = "paying" }),
        ["extra"] = new JsonObject { ["cart"] = 3 },
    };

    /// <summary>captureMessage at warning: since SDK 11, a stack-only exception without a type rides along.</summary>
    public static JsonObject MessageEvent(string eventId = "fa010b366c504950a0232019d36fc1a8") => new()
    {
        ["event_id"] = eventId,
        ["level"] = "warning",
        ["exception"] = new JsonObject
        {
            ["values"] = new JsonArray(new JsonObject
            {
                ["value"] = "disk almost full",
                ["stacktrace"] = new JsonObject { ["frames"] = new JsonArray(new JsonObject { ["filename"] = "/srv/shop/disk.js", ["lineno"] = 20 }) },
                ["mechanism"] = new JsonObject { ["type"] = "generic", ["handled"] = true, ["synthetic"] = true },
            }),
        },
        ["message"] = "disk almost full",
        ["platform"] = "node",
        ["timestamp"] = "2026-02-10T10:00:00.5Z",
    };

    public static JsonObject SessionPayload() => new()
    {
        ["sid"] = "d25348eddcbe4a1ea4e0a95f166e8fcb",
        ["init"] = true,
        ["started"] = "2026-02-10T10:00:00.068Z",
        ["status"] = "ok",
        ["errors"] = 1,
    };

    public sealed record Item(string Type, byte[] Payload, bool WithLength, string? Extra = null);

    public static Item EventItem(JsonObject sentryEvent, bool withLength = false) => new("event", Utf8(sentryEvent), withLength);

    public static Item JsonItem(string type, JsonObject payload, bool withLength = false) => new(type, Utf8(payload), withLength);

    /// <summary>An envelope: header line, then each item; a final newline only when asked.</summary>
    public static byte[] Envelope(string? eventId, IEnumerable<Item> items, bool trailingNewline = true)
    {
        using var body = new MemoryStream();
        var header = new JsonObject { ["sent_at"] = "2026-02-10T10:00:01Z", ["sdk"] = new JsonObject { ["name"] = "sentry.javascript.node", ["version"] = "11.12.0" } };
        if (eventId is not null)
        {
            header["event_id"] = eventId;
        }

        body.Write(Utf8(header));
        foreach (var item in items)
        {
            body.WriteByte((byte)'\n');
            var itemHeader = new JsonObject { ["type"] = item.Type };
            if (item.WithLength)
            {
                itemHeader["length"] = item.Payload.Length;
            }

            body.Write(Encoding.UTF8.GetBytes(itemHeader.ToJsonString()[..^1] + (item.Extra ?? string.Empty) + "}"));
            body.WriteByte((byte)'\n');
            body.Write(item.Payload);
        }

        if (trailingNewline)
        {
            body.WriteByte((byte)'\n');
        }

        return body.ToArray();
    }

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Compress(byte[] data, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentException(encoding, nameof(encoding)),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A gzip body that inflates to <paramref name="inflatedBytes"/> of spaces, made without holding them.</summary>
    public static byte[] GzipOfSpaces(long inflatedBytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (long written = 0; written < inflatedBytes; written += chunk.Length)
            {
                gzip.Write(chunk, 0, (int)Math.Min(chunk.Length, inflatedBytes - written));
            }
        }

        return output.ToArray();
    }

    public static string JsonText(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
