using System.Threading.Channels;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// Reads the <see cref="CapturedWire"/> as a stream for capture's thread, blocking until the
/// forwarding side signals more bytes, so the framework's decompressors can decode it. Remembers
/// when the latest bytes read were forwarded, so decoded bytes get an arrival time.
/// </summary>
internal sealed class CapturedWireStream : CcTracer.IO.ReadOnlyStream
{
    private readonly CapturedWire _wire;
    private readonly ChannelReader<WireSignal> _signals;
    private long _position;
    private long _available;
    private bool _ended;

    public CapturedWireStream(CapturedWire wire, ChannelReader<WireSignal> signals)
    {
        _wire = wire;
        _signals = signals;
    }

    /// <summary>When the most recently read bytes were forwarded to the client.</summary>
    public TimeSpan LastOffset { get; private set; }

    /// <summary>Wire bytes read so far.</summary>
    public long BytesRead => _position;

    /// <summary>
    /// Blocks until bytes are signalled or the forwarding side is done. Capture reads on its own
    /// low-priority thread (not a pool thread), so blocking there costs nothing.
    /// </summary>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_position >= _available && !_ended)
        {
            var wait = _signals.WaitToReadAsync();
            if (wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult())
            {
                TakeSignals();
            }
            else
            {
                // Done: signals the full channel dropped are covered by the final length.
                _ended = true;
                _available = _wire.Length;
            }
        }

        var span = _wire.Read(_position, _available);
        var count = Math.Min(span.Length, buffer.Length);
        span[..count].CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Capture reads on its own thread.");

    private void TakeSignals()
    {
        while (_signals.TryRead(out var signal))
        {
            if (signal.End > _available)
            {
                _available = signal.End;
                LastOffset = signal.Offset;
            }
        }
    }
}
