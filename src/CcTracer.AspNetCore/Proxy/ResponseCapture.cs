using System.Buffers;
using System.Diagnostics;
using CcTracer.Buffers;
using CcTracer.Decoding;
using CcTracer.Storage;
using CcTracer.Threading;
using CcTracer.Turns;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The capture side of one response: the forwarded bytes and their arrival times in a
/// <see cref="CapturedWire"/> (the one copy), and one low-priority consumer thread that reads it,
/// decodes it if encoded and feeds the <see cref="TurnAssembler"/>. The forwarding side only ever
/// calls <see cref="Post"/>, which never waits, never takes a lock and never throws; capture may
/// fall behind by up to the body limit without giving up or holding anything twice.
/// </summary>
internal sealed class ResponseCapture : IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    private readonly string? _contentEncoding;
    private readonly bool _decodable;
    private readonly CapturedWire _wire;
    private readonly ChunkedBuffer _decoded;
    private readonly SessionLog _log;
    private readonly string _sessionId;
    private readonly string _exchangeId;
    private readonly long _startTimestamp;
    private readonly List<string> _warnings = [];
    private readonly Task _consumer;
    private string? _failure;
    private string? _undecodable;
    private volatile bool _stopped;
    private bool _keptDecoded;
    private BodyTextSource? _textSource;
    private long _lastProgress;

    public ResponseCapture(
        SessionLog log,
        string sessionId,
        string exchangeId,
        long startTimestamp,
        string? contentEncoding,
        bool assembleTurn,
        int capacity,
        long maxBodyBytes,
        ArrayPool<byte>? chunks = null)
    {
        _log = log;
        _sessionId = sessionId;
        _exchangeId = exchangeId;
        _startTimestamp = startTimestamp;
        _contentEncoding = contentEncoding;
        _decodable = ContentDecoding.IsSupported(contentEncoding);
        _wire = new CapturedWire(maxBodyBytes, capacity, chunks);
        _decoded = new ChunkedBuffer(maxBodyBytes, chunks);
        if (!_decodable)
        {
            _warnings.Add($"Content-Encoding '{contentEncoding}' cannot be decoded by the tracer; the body is kept as received");
        }

        Assembler = assembleTurn && _decodable ? new TurnAssembler() : null;
        _consumer = LowPriorityThread.Start("cc-tracer capture " + exchangeId, Run);
    }

    /// <summary>The assembler fed by the consumer; read it only after <see cref="FinishAsync"/>.</summary>
    public TurnAssembler? Assembler { get; }

    /// <summary>
    /// The decoded body kept so far, in pooled chunks (the wire bytes themselves when the response
    /// was not encoded or could not be decoded); read it only after <see cref="FinishAsync"/>, before dispose.
    /// </summary>
    public ReadOnlySequence<byte> Body => _keptDecoded ? _decoded.AsSequence() : _wire.AsSequence();

    /// <summary>Whether the kept body is not the whole body (capture limit, or capture gave up).</summary>
    public bool BodyTruncated => _wire.Truncated || _decoded.Truncated || _failure is not null;

    /// <summary>Why capture gave up on this response, or <see langword="null"/>.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Why the body upstream sent does not decode as its <c>Content-Encoding</c> says, or <see langword="null"/>.
    /// Not a capture fault: Claude Code received the very same bytes, and <see cref="Body"/> keeps them as received.
    /// </summary>
    public string? UndecodableBody => Volatile.Read(ref _undecodable);

    /// <summary>Problems of the capture that did not stop it.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Keeps bytes just forwarded to the client for capture's thread. Never blocks and never
    /// throws: a failure makes capture give up on this response, never the client.
    /// </summary>
    public void Post(ReadOnlySpan<byte> chunk, TimeSpan offset)
    {
        if (_stopped || chunk.IsEmpty)
        {
            return;
        }

        try
        {
            _wire.Append(chunk, offset);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            GiveUp($"capture failed: {ex.Message}");
        }
    }

    /// <summary>Ends the input and waits until everything queued is decoded. Never throws.</summary>
    public async Task FinishAsync()
    {
        _wire.Complete();
        await _consumer.ConfigureAwait(false);
    }

    /// <summary>
    /// Frees the body's chunks once the consumer thread has ended; also ends that thread if
    /// <see cref="FinishAsync"/> never ran (an exchange that failed before recording).
    /// </summary>
    public void Dispose()
    {
        _wire.Complete();
        if (_consumer.IsCompleted)
        {
            Free();
        }
        else
        {
            _consumer.ContinueWith(_ => Free(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Free()
    {
        _textSource?.Release();
        _wire.Dispose();
        _decoded.Dispose();
    }

    private void GiveUp(string reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            _stopped = true;
            _wire.Complete();
        }
    }

    // Reassembly is the per-byte work of capture: on its own low-priority thread, so forwarding
    // the client's bytes gets the CPU first when the machine is busy.
    private void Run()
    {
        var source = new CapturedWireStream(_wire);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var decoded = _decodable ? ContentDecoding.CreateDecodingStream(source, _contentEncoding, leaveOpen: true) : source;
            _keptDecoded = !ReferenceEquals(decoded, source);

            // Long texts refer to their deltas in the kept body instead of holding a copy.
            _textSource = Assembler?.ReferTextsTo(_keptDecoded ? _decoded : _wire.Bytes);
            try
            {
                int read;
                while ((read = ReadDecoded(decoded, buffer)) > 0)
                {
                    var data = buffer.AsSpan(0, read);
                    if (_keptDecoded)
                    {
                        _decoded.Write(data);
                    }

                    if (Assembler is { } assembler)
                    {
                        assembler.Append(data, source.LastOffset);
                        ReportProgress(assembler, source.BytesRead);
                    }
                }
            }
            finally
            {
                if (!ReferenceEquals(decoded, source))
                {
                    decoded.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A corrupt compressed body, a bug in reassembly: the client is unaffected, the
            // record says what happened (the wire bytes are still what was forwarded).
            GiveUp($"capture failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int ReadDecoded(Stream decoded, byte[] buffer)
    {
        try
        {
            return decoded.Read(buffer);
        }
        catch (InvalidDataException ex) when (_keptDecoded)
        {
            // The upstream's bytes are at fault, not capture. The wire keeps taking every byte, so
            // the record holds the body exactly as received instead of what decoded before the fault.
            _keptDecoded = false;
            Volatile.Write(ref _undecodable, $"the upstream sent a body that is not valid '{_contentEncoding}' as its Content-Encoding says ({ex.Message}); the body is kept as received");
            return 0;
        }
    }

    private void ReportProgress(TurnAssembler assembler, long wireBytes)
    {
        var now = Stopwatch.GetTimestamp();
        if (_lastProgress != 0 && Stopwatch.GetElapsedTime(_lastProgress, now) < ProgressInterval)
        {
            return;
        }

        _lastProgress = now;
        _log.ReportProgress(_sessionId, _exchangeId, Stopwatch.GetElapsedTime(_startTimestamp, now), assembler.EventCount, wireBytes, assembler.OutputChars);
    }
}
