using System.Buffers;
using CcTracer.IO;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The response bytes exactly as forwarded to the client, appended by the forwarding side and read
/// behind it by capture's thread. This is the capture's one copy of the body: for an unencoded
/// response (what Claude Code's streams are) it is also the body that is logged, and reassembly
/// reads it in place, so a response is never held twice however far capture falls behind.
/// </summary>
internal sealed class CapturedWire : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ChunkedBuffer _bytes;

    public CapturedWire(long limit) => _bytes = new ChunkedBuffer(limit);

    /// <summary>Bytes kept so far.</summary>
    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _bytes.Length;
            }
        }
    }

    /// <summary>Whether bytes were dropped at the capture limit.</summary>
    public bool Truncated
    {
        get
        {
            lock (_gate)
            {
                return _bytes.Truncated;
            }
        }
    }

    /// <summary>Appends what fits under the limit; returns the length after.</summary>
    public long Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            _bytes.Write(data);
            return _bytes.Length;
        }
    }

    /// <summary>
    /// The longest contiguous run of kept bytes from <paramref name="position"/> up to
    /// <paramref name="end"/>. Bytes once written are never moved or changed, so the span stays
    /// valid outside the lock until dispose.
    /// </summary>
    public ReadOnlySpan<byte> Read(long position, long end)
    {
        lock (_gate)
        {
            return _bytes.Peek(position, end);
        }
    }

    /// <summary>Every kept byte; once the writer is done.</summary>
    public ReadOnlySequence<byte> AsSequence()
    {
        lock (_gate)
        {
            return _bytes.AsSequence();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _bytes.Dispose();
        }
    }
}
