namespace CcTracer.Decoding;

/// <summary>Replays bytes already read (to sniff a header) before the rest of the stream.</summary>
internal sealed class PrefixedStream : CcTracer.IO.ReadOnlyStream
{
    private readonly byte[] _prefix;
    private readonly Stream _rest;
    private readonly bool _leaveOpen;
    private int _prefixPosition;

    public PrefixedStream(byte[] prefix, Stream rest, bool leaveOpen)
    {
        _prefix = prefix;
        _rest = rest;
        _leaveOpen = leaveOpen;
    }

    public override int Read(Span<byte> buffer)
    {
        if (TryReadPrefix(buffer, out int copied))
        {
            return copied;
        }

        return _rest.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TryReadPrefix(buffer.Span, out int copied))
        {
            return ValueTask.FromResult(copied);
        }

        return _rest.ReadAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _rest.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool TryReadPrefix(Span<byte> buffer, out int copied)
    {
        int remaining = _prefix.Length - _prefixPosition;
        if (remaining == 0 || buffer.IsEmpty)
        {
            copied = 0;
            return false;
        }

        copied = Math.Min(remaining, buffer.Length);
        _prefix.AsSpan(_prefixPosition, copied).CopyTo(buffer);
        _prefixPosition += copied;
        return true;
    }
}
