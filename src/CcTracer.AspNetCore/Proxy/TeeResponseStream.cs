using System.Diagnostics;
using CcTracer.Capture;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The client's response stream with a tap: every write goes to the client first, then a copy
/// is handed to capture. Capture never makes a write wait or fail (see <see cref="ResponseCapture.Forwarded"/>).
/// </summary>
internal sealed class TeeResponseStream : Stream
{
    private readonly Stream _inner;
    private readonly ResponseCapture _capture;

    public TeeResponseStream(Stream inner, ResponseCapture capture)
    {
        _inner = inner;
        _capture = capture;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var arrived = Stopwatch.GetTimestamp();
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _capture.Forwarded(buffer.Span, arrived);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var arrived = Stopwatch.GetTimestamp();
        _inner.Write(buffer);
        _capture.Forwarded(buffer, arrived);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
