using System.IO.Compression;

namespace CcTracer.Decoding;

/// <summary>
/// Decodes HTTP <c>deflate</c>: zlib-wrapped per the spec, or raw deflate as some servers send it. The
/// choice needs the first two bytes, so it is made on the first read (sync or async) instead of in the
/// constructor, which must not block on a network stream.
/// </summary>
internal sealed class ZLibOrDeflateStream : CcTracer.IO.ReadOnlyStream
{
    private readonly Stream _encoded;
    private readonly bool _leaveOpen;
    private Stream? _inner;

    public ZLibOrDeflateStream(Stream encoded, bool leaveOpen)
    {
        _encoded = encoded;
        _leaveOpen = leaveOpen;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_inner is null)
        {
            byte[] header = new byte[2];
            int read = ReadHeader(header);
            _inner = CreateInner(header.AsSpan(0, read));
        }

        return _inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_inner is null)
        {
            byte[] header = new byte[2];
            int read = 0;
            while (read < header.Length)
            {
                int n = await _encoded.ReadAsync(header.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            _inner = CreateInner(header.AsSpan(0, read));
        }

        return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_inner is not null)
            {
                _inner.Dispose();
            }
            else if (!_leaveOpen)
            {
                _encoded.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int ReadHeader(byte[] header)
    {
        int read = 0;
        while (read < header.Length)
        {
            int n = _encoded.Read(header, read, header.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    private Stream CreateInner(ReadOnlySpan<byte> header)
    {
        // RFC 1950: CM (low nibble of CMF) is 8 for deflate, and CMF*256+FLG is a multiple of 31.
        bool zlib = header.Length == 2 && (header[0] & 0x0F) == 8 && ((header[0] << 8) | header[1]) % 31 == 0;
        Stream source = new PrefixedStream(header.ToArray(), _encoded, _leaveOpen);
        return zlib
            ? new ZLibStream(source, CompressionMode.Decompress, leaveOpen: false)
            : new DeflateStream(source, CompressionMode.Decompress, leaveOpen: false);
    }
}
