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

    /// <summary>
    /// Blocks until a chunk is queued or the writer completes. Capture reads on its own
    /// low-priority thread (not a pool thread), so blocking there costs nothing.
    /// </summary>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (!_hasCurrent)
        {
            var wait = _reader.WaitToReadAsync();
            if (!(wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult()))
            {
                return 0;
            }

            TakeNext();
        }

        return CopyOut(buffer);
    }

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

            TakeNext();
        }

        return CopyOut(buffer.Span);
    }

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

    private void TakeNext()
    {
        if (_reader.TryRead(out var chunk))
        {
            _current = chunk;
            _position = 0;
            _hasCurrent = true;
            LastOffset = chunk.Offset;
            BytesRead += chunk.Length;
        }
    }

    private int CopyOut(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _current.Length - _position);
        _current.Buffer.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        if (_position == _current.Length)
        {
            ReleaseCurrent();
        }

        return count;
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
