namespace CcTracer.Replay;

/// <summary>A read-only stream that hands out the planned chunks, waiting the planned delay before each one.</summary>
internal sealed class ReplayContentStream : CcTracer.IO.ReadOnlyStream
{
    private readonly ReplayResponsePlan _plan;
    private int _chunk;
    private int _offset;
    private bool _waited;

    public ReplayContentStream(ReplayResponsePlan plan) => _plan = plan;

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
