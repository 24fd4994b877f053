using System.Buffers;
using CcTracer.Buffers;
using CcTracer.Turns;

namespace CcTracer.Capture;

/// <summary>
/// The kept body of one captured response: the bytes as forwarded (<see cref="CapturedWire"/>) and,
/// when they were encoded, their decoded copy. It travels with the <c>api_response</c> record from
/// the request thread to the log writer, which serializes it straight into the file and then
/// disposes it, so the body is held once and freed exactly once by whoever owns it last.
/// </summary>
internal sealed class CapturedBody : IDisposable
{
    private readonly CapturedWire _wire;
    private readonly ChunkedBuffer _decoded;
    private int _disposed;

    public CapturedBody(CapturedWire wire, ChunkedBuffer decoded)
    {
        _wire = wire;
        _decoded = decoded;
    }

    /// <summary>The bytes as forwarded to the client.</summary>
    public CapturedWire Wire => _wire;

    /// <summary>The decoded copy; written only by capture's thread, and only when <see cref="KeptDecoded"/>.</summary>
    public ChunkedBuffer Decoded => _decoded;

    /// <summary>
    /// Whether the body to log is <see cref="Decoded"/> rather than the wire bytes. Set by capture's
    /// thread; read by others only after that thread ended.
    /// </summary>
    public bool KeptDecoded { get; set; }

    /// <summary>What the turn's long texts refer to; marked released when the chunks are freed.</summary>
    public BodyTextSource? Texts { get; set; }

    /// <summary>The body as logged: decoded when it was encoded and decoded, else the wire bytes.</summary>
    public ReadOnlySequence<byte> Bytes => KeptDecoded ? _decoded.AsSequence() : _wire.AsSequence();

    /// <summary>Whether bytes were dropped at the capture limit.</summary>
    public bool Truncated => _wire.Truncated || _decoded.Truncated;

    /// <summary>Whether the chunks were freed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Frees the chunks; only once both the forwarding side and capture's thread are done with them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Texts?.Release();
        _wire.Dispose();
        _decoded.Dispose();
    }
}
