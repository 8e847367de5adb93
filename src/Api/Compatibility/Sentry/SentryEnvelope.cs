using System.Text.Json;
using Faultline.Api.Errors;
using Faultline.Api.Input;
using Faultline.Application.Events.Commands.IngestBatch;
using Faultline.Domain.Common;
using Faultline.Domain.Events;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// An envelope of Sentry's protocol, read as it streams in: a JSON header line, then items, each a JSON
/// header line and a payload of exactly <c>length</c> bytes or, without a length, up to the next newline.
/// <c>event</c> items become Faultline events; every other type (session, sessions, transaction,
/// client_report, attachment, check_in, log, span, and types still to come) is read past and dropped.
/// </summary>
internal sealed record SentryEnvelope(string? EventId, IReadOnlyList<NewEvent> Events)
{
    /// <summary>The largest event, as the protocol's ingestion caps it.</summary>
    public const int MaxEventBytes = 1024 * 1024;

    public const long MaxCompressedBytes = 20L * 1024 * 1024;

    public const long MaxInflatedBytes = 100L * 1024 * 1024;

    /// <summary>Headers are a few hundred bytes; this only bounds a hostile one.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    public static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 128 };

    public static async Task<SentryEnvelope> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new EnvelopeStreamReader(body);
        var header = await reader.ReadLineAsync(MaxHeaderBytes, cancellationToken)
            ?? throw DomainValidationException.ForField("Envelope", "The envelope is empty.");
        string? envelopeEventId;
        using (var document = Parse(header, "The envelope's header line is not a JSON object."))
        {
            envelopeEventId = document.RootElement.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String
                ? SentryEventReader.EventId(id.GetString())
                : null;
        }

        var events = new List<NewEvent>();
        string? firstEventId = null;
        while (await reader.ReadLineAsync(MaxHeaderBytes, cancellationToken) is { } line)
        {
            if (IsBlank(line.Span))
            {
                continue;
            }

            var (type, length) = ItemHeader(line);
            var isEvent = type == "event";
            if (length is { } exact)
            {
                if (!isEvent)
                {
                    await reader.SkipAsync(exact, cancellationToken);
                    await reader.SkipNewlineAsync(cancellationToken);
                    continue;
                }

                if (exact > MaxEventBytes)
                {
                    throw new PayloadTooLargeException(MaxEventBytes);
                }

                var payload = await reader.ReadExactlyAsync((int)exact, cancellationToken);
                events.Add(ReadEvent(payload, envelopeEventId, ref firstEventId));
                await reader.SkipNewlineAsync(cancellationToken);
            }
            else if (!isEvent)
            {
                await reader.SkipLineAsync(cancellationToken);
            }
            else
            {
                var payload = await reader.ReadLineAsync(MaxEventBytes, cancellationToken)
                    ?? throw DomainValidationException.ForField("Event", "An event item has no payload.");
                events.Add(ReadEvent(payload, envelopeEventId, ref firstEventId));
            }

            if (events.Count > IngestBatchCommand.MaxEvents)
            {
                throw new DomainValidationException(ErrorCodes.PayloadTooLarge,
                    $"An envelope carries at most {IngestBatchCommand.MaxEvents} events; nothing was stored.", []);
            }
        }

        return new SentryEnvelope(firstEventId ?? envelopeEventId, events);
    }

    /// <summary>The legacy store endpoint's body: one event, no envelope.</summary>
    public static NewEvent ReadStoredEvent(ReadOnlyMemory<byte> json, out string eventId)
    {
        string? id = null;
        var stored = ReadEvent(json, null, ref id);
        eventId = id!;
        return stored;
    }

    private static NewEvent ReadEvent(ReadOnlyMemory<byte> payload, string? envelopeEventId, ref string? firstEventId)
    {
        using var document = Parse(payload, "An event item is not a JSON object.");
        var (draft, eventId) = SentryEventReader.Read(document.RootElement, envelopeEventId);
        firstEventId ??= eventId;
        return NewEvent.Create(draft);
    }

    private static (string? Type, long? Length) ItemHeader(ReadOnlyMemory<byte> line)
    {
        using var document = Parse(line, "An item header is not a JSON object.");
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : null;
        if (!root.TryGetProperty("length", out var lengthValue) || lengthValue.ValueKind == JsonValueKind.Null)
        {
            return (type, null);
        }

        return lengthValue.ValueKind == JsonValueKind.Number && lengthValue.TryGetInt64(out var length) && length >= 0
            ? (type, length)
            : throw DomainValidationException.ForField("Length", "An item's length must be a whole number of bytes, 0 or more.");
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, string notAnObject)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(LoneSurrogates.Repair(json), JsonOptions);
        }
        catch (JsonException)
        {
            throw DomainValidationException.ForField("Envelope", notAnObject);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw DomainValidationException.ForField("Envelope", notAnObject);
        }

        return document;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;
}
