using System.Buffers;
using System.Threading.Channels;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// Reads captured chunks back as a stream, so the framework's decompressors can decode the
/// capture's copy of the body. Returns each chunk's array to the pool once it is consumed, and
/// remembers when the latest chunk was forwarded so decoded bytes get an arrival time.
/// </summary>
internal sealed class ChannelChunkStream : CcTracer.IO.ReadOnlyStream
{
    private readonly ChannelReader<CapturedChunk> _reader;
    private CapturedChunk _current;
    private int _position;
    private bool _hasCurrent;

    public ChannelChunkStream(ChannelReader<CapturedChunk> reader)
    {
        _reader = reader;
    }

    /// <summary>When the most recently read chunk was forwarded to the client.</summary>
    public TimeSpan LastOffset { get; private set; }

    /// <summary>Encoded bytes taken from the channel so far.</summary>
    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_hasCurrent)
        {
            if (!await _reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            if (_reader.TryRead(out var chunk))
            {
                _current = chunk;
                _position = 0;
                _hasCurrent = true;
                LastOffset = chunk.Offset;
                BytesRead += chunk.Length;
            }
        }

        var count = Math.Min(buffer.Length, _current.Length - _position);
        _current.Buffer.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        if (_position == _current.Length)
        {
            ReleaseCurrent();
        }

        return count;
    }

    // The capture consumer only reads asynchronously; a blocking read would tie up a pool thread.
    // Capture reads on its own task, always asynchronously; a blocking read would hold a pool thread.
    public override int Read(Span<byte> buffer) => throw new NotSupportedException();

    /// <summary>Returns every array still queued or held to the pool (after the writer completed).</summary>
    public void ReleaseQueued()
    {
        ReleaseCurrent();
        while (_reader.TryRead(out var chunk))
        {
            BytesRead += chunk.Length;
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseCurrent();
        }

        base.Dispose(disposing);
    }

    private void ReleaseCurrent()
    {
        if (_hasCurrent)
        {
            _hasCurrent = false;
            ArrayPool<byte>.Shared.Return(_current.Buffer);
            _current = default;
        }
    }
}
