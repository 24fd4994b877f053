namespace CcTracer.Capture;

/// <summary>
/// Reads the <see cref="CapturedWire"/> as a stream for capture's thread, blocking until the
/// forwarding side has kept more bytes, so the framework's decompressors can decode it. Each read
/// stays within one forwarded write and remembers when that write was forwarded, so decoded
/// bytes get their arrival time even when capture is far behind.
/// </summary>
internal sealed class CapturedWireStream : CcTracer.IO.ReadOnlyStream
{
    private readonly CapturedWire _wire;
    private long _position;

    public CapturedWireStream(CapturedWire wire) => _wire = wire;

    /// <summary>When the most recently read bytes were forwarded to the client.</summary>
    public TimeSpan LastOffset { get; private set; }

    /// <summary>Runs when the reader is about to wait for bytes; see <see cref="CapturedWire.WaitForBytes"/>.</summary>
    public Func<bool>? OnIdle { get; init; }

    /// <summary>Wire bytes read so far.</summary>
    public long BytesRead => _position;

    /// <summary>
    /// Blocks until bytes are kept or the forwarding side is done. Capture reads on its own
    /// low-priority thread (not a pool thread), so blocking there costs nothing.
    /// </summary>
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || !_wire.WaitForBytes(_position, out var end, out var offset, OnIdle))
        {
            return 0;
        }

        var span = _wire.Read(_position, end);
        var count = Math.Min(span.Length, buffer.Length);
        span[..count].CopyTo(buffer);
        _position += count;
        LastOffset = offset;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Capture reads on its own thread.");
}
