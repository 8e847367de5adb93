using System.Buffers;
using Faultline.Api.Errors;
using Faultline.Domain.Common;

namespace Faultline.Api.Compatibility.Sentry;

/// <summary>
/// Reads an envelope's lines and length-delimited payloads from a stream with one buffer that grows only to
/// the largest line a caller accepts: payloads that are skipped (sessions, attachments, ...) are read past,
/// never held, so a 100 MiB envelope costs a few kilobytes of memory beyond its events. The buffer is rented
/// from the shared pool (a fresh 16 KiB array per envelope was most of an envelope's allocations) and given
/// back on disposal: what a caller keeps from it (lines, payloads) must be read before then.
/// </summary>
internal sealed class EnvelopeStreamReader(Stream body) : IDisposable
{
    private const int InitialBuffer = 16 * 1024;
    private const int MinRead = 4 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>The next line without its newline (the last may have none), or null at the end of the body.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline - _start);
                _start = newline + 1;
                return CheckLength(line, maxBytes);
            }

            scanned = _end - _start;
            if (scanned > maxBytes)
            {
                throw new PayloadTooLargeException(maxBytes);
            }

            if (!await FillAsync(cancellationToken))
            {
                if (_end == _start)
                {
                    return null;
                }

                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return CheckLength(last, maxBytes);
            }
        }
    }

    /// <summary>Reads past the rest of the current line, however long, without keeping it.</summary>
    public async ValueTask SkipLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                _start = newline + 1;
                return;
            }

            _start = _end;
            if (!await FillAsync(cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Exactly <paramref name="length"/> bytes; a body that ends first is malformed.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        while (_end - _start < length)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw LengthPastEnd();
            }
        }

        var payload = _buffer.AsMemory(_start, length);
        _start += length;
        return payload;
    }

    /// <summary>Reads past exactly <paramref name="length"/> bytes without keeping them.</summary>
    public async ValueTask SkipAsync(long length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _end - _start;
            if (available >= length)
            {
                _start += (int)length;
                return;
            }

            length -= available;
            _start = _end;
            if (!await FillAsync(cancellationToken))
            {
                throw LengthPastEnd();
            }
        }
    }

    /// <summary>After a length-delimited payload: the newline that ends it, if there is one.</summary>
    public async ValueTask SkipNewlineAsync(CancellationToken cancellationToken)
    {
        if (_end == _start && !await FillAsync(cancellationToken))
        {
            return;
        }

        if (_buffer[_start] == (byte)'\n')
        {
            _start++;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlyMemory<byte> CheckLength(ReadOnlyMemory<byte> line, int maxBytes) =>
        line.Length > maxBytes ? throw new PayloadTooLargeException(maxBytes) : line;

    private static DomainValidationException LengthPastEnd() =>
        DomainValidationException.ForField("Length", "An item's length runs past the end of the envelope.");

    /// <summary>Reads more of the body after the unread bytes, moving or growing the buffer when it is nearly full; false at the end.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        if (_buffer.Length - _end < MinRead)
        {
            // The callers bound what stays unread (a line's or a payload's cap), and so the buffer's growth.
            var unread = _end - _start;
            var target = unread + MinRead > _buffer.Length ? ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, unread + MinRead)) : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = target;
            _start = 0;
            _end = unread;
        }

        int read;
        try
        {
            read = await body.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        }
        catch (Exception broken) when (broken is InvalidDataException or InvalidOperationException)
        {
            // The inflater's complaint (gzip, zlib or brotli data that does not decode).
            throw DomainValidationException.ForField("Body", "The request body does not decode with its Content-Encoding.");
        }

        if (read == 0)
        {
            _ended = true;
            return false;
        }

        _end += read;
        return true;
    }
}
