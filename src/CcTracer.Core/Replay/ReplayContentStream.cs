namespace CcTracer.Replay;

/// <summary>A read-only stream that hands out the planned chunks, waiting the planned delay before each one.</summary>
internal sealed class ReplayContentStream : Stream
{
    private readonly ReplayResponsePlan _plan;
    private int _chunk;
    private int _offset;
    private bool _waited;

    public ReplayContentStream(ReplayResponsePlan plan) => _plan = plan;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_chunk >= _plan.Chunks.Count || buffer.IsEmpty)
        {
            return 0;
        }

        if (!_waited)
        {
            _waited = true;
            if (_plan.Delays[_chunk] > TimeSpan.Zero)
            {
                await Task.Delay(_plan.Delays[_chunk], cancellationToken).ConfigureAwait(false);
            }
        }

        return Copy(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_chunk >= _plan.Chunks.Count || buffer.IsEmpty)
        {
            return 0;
        }

        if (!_waited)
        {
            _waited = true;
            if (_plan.Delays[_chunk] > TimeSpan.Zero)
            {
                Thread.Sleep(_plan.Delays[_chunk]);
            }
        }

        return Copy(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Copy(Span<byte> buffer)
    {
        // Never more than one event per read, so a reader sees the recorded framing and pacing.
        var chunk = _plan.Chunks[_chunk].Span[_offset..];
        var n = Math.Min(chunk.Length, buffer.Length);
        chunk[..n].CopyTo(buffer);
        _offset += n;
        if (_offset == _plan.Chunks[_chunk].Length)
        {
            _chunk++;
            _offset = 0;
            _waited = false;
        }

        return n;
    }
}
