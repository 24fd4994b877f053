using System.Buffers;
using System.Diagnostics;
using CcTracer.Buffers;
using CcTracer.Decoding;
using CcTracer.Turns;

namespace CcTracer.Capture;

/// <summary>
/// The capture side of one response: the forwarded bytes and their arrival times in a
/// <see cref="CapturedWire"/> (the one copy), and one low-priority consumer thread that reads it,
/// decodes it if encoded and feeds the <see cref="TurnAssembler"/>. The forwarding side only ever
/// calls <see cref="Forwarded"/>, which never waits, never takes a lock and never throws; capture may
/// fall behind by up to the body limit without giving up or holding anything twice.
/// </summary>
/// <remarks>
/// Made by the proxy when the call arrives; <see cref="Start"/> once the response headers say how
/// the body is encoded and whether it is a turn to reassemble. Until then (and for good if the
/// upstream never answers) it keeps nothing. The kept body leaves through <see cref="TakeBody"/>
/// with the record; a body never taken is freed by <see cref="Dispose"/>.
/// </remarks>
internal sealed class ResponseCapture : IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    // Under the 100 ms the log may lose on a kill -9, with room for capture's own lag.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(80);

    private readonly CapturedWire _wire;
    private readonly CapturedBody _body;
    private readonly string _exchangeId;
    private readonly long _startTimestamp;
    private readonly Action<CaptureProgress>? _progress;
    private readonly List<string> _warnings = [];
    private readonly Action<ReadOnlyMemory<byte>, long>? _checkpoint;
    private long _checkpointed;
    private long _lastCheckpoint;
    private CapturedWireStream? _source;
    private string? _contentEncoding;
    private bool _decodable;
    private Task? _consumer;
    private string? _failure;
    private string? _undecodable;

    // Nothing is kept until Start: bytes before it (there are none) or after a failed start are only counted.
    private volatile bool _stopped = true;
    private bool _bodyTaken;
    private long _forwardedBytes;
    private long _lastProgress;

    public ResponseCapture(
        string exchangeId,
        long startTimestamp,
        int capacity,
        long maxBodyBytes,
        ArrayPool<byte>? chunks = null,
        Action<CaptureProgress>? progress = null,
        Action<ReadOnlyMemory<byte>, long>? checkpoint = null)
    {
        _checkpoint = checkpoint;
        _exchangeId = exchangeId;
        _startTimestamp = startTimestamp;
        _progress = progress;
        _wire = new CapturedWire(maxBodyBytes, capacity, chunks);
        _body = new CapturedBody(_wire, new ChunkedBuffer(maxBodyBytes, chunks));
    }

    /// <summary>Whether <see cref="Start"/> started the consumer: only then is anything kept.</summary>
    public bool Started => _consumer is not null;

    /// <summary>The assembler fed by the consumer; read it only after <see cref="FinishAsync"/>.</summary>
    public TurnAssembler? Assembler { get; private set; }

    /// <summary>
    /// The decoded body kept so far, in pooled chunks (the wire bytes themselves when the response
    /// was not encoded or could not be decoded); read it only after <see cref="FinishAsync"/>, before dispose.
    /// </summary>
    public ReadOnlySequence<byte> Body => _body.Bytes;

    /// <summary>Whether the kept body is not the whole body (capture limit, or capture gave up).</summary>
    public bool BodyTruncated => _body.Truncated || _failure is not null;

    /// <summary>Why capture gave up on this response, or <see langword="null"/>.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Why the body upstream sent does not decode as its <c>Content-Encoding</c> says, or <see langword="null"/>.
    /// Not a capture fault: Claude Code received the very same bytes, and <see cref="Body"/> keeps them as received.
    /// </summary>
    public string? UndecodableBody => Volatile.Read(ref _undecodable);

    /// <summary>Problems of the capture that did not stop it.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Bytes forwarded to the client, as upstream encoded them, whether or not they were kept.</summary>
    public long ForwardedBytes => Interlocked.Read(ref _forwardedBytes);

    /// <summary>
    /// The response headers arrived: starts the consumer thread that decodes
    /// <paramref name="contentEncoding"/> and, when <paramref name="assembleTurn"/>, reassembles
    /// the turn. Call once, before the first body byte is forwarded.
    /// </summary>
    public void Start(string? contentEncoding, bool assembleTurn)
    {
        _contentEncoding = contentEncoding;
        _decodable = ContentDecoding.IsSupported(contentEncoding);
        if (!_decodable)
        {
            _warnings.Add($"Content-Encoding '{contentEncoding}' cannot be decoded by the tracer; the body is kept as received");
        }

        Assembler = assembleTurn && _decodable ? new TurnAssembler() : null;
        _stopped = false;
        try
        {
            _consumer = LowPriorityThread.Start("cc-tracer capture " + _exchangeId, Run);
        }
        catch
        {
            _stopped = true;
            throw;
        }
    }

    /// <summary>
    /// Bytes just reached the client at <paramref name="timestamp"/> (<see cref="Stopwatch"/> ticks):
    /// counts them and keeps a copy for capture's thread. Never blocks and never throws.
    /// </summary>
    public void Forwarded(ReadOnlySpan<byte> data, long timestamp)
    {
        Interlocked.Add(ref _forwardedBytes, data.Length);
        Post(data, Stopwatch.GetElapsedTime(_startTimestamp, timestamp));
    }

    /// <summary>
    /// Keeps bytes just forwarded to the client, forwarded at <paramref name="offset"/> since the
    /// request started, for capture's thread. Never blocks and never throws: a failure makes
    /// capture give up on this response, never the client.
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
        if (_consumer is { } consumer)
        {
            await consumer.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hands the kept body (and its pooled chunks) to the record that will be written with it;
    /// this capture no longer frees it. Only after <see cref="FinishAsync"/>.
    /// </summary>
    public CapturedBody TakeBody()
    {
        _bodyTaken = true;
        return _body;
    }

    /// <summary>
    /// Frees the body's chunks, unless taken, once the consumer thread has ended; also ends that
    /// thread if <see cref="FinishAsync"/> never ran (an exchange that failed before recording).
    /// </summary>
    public void Dispose()
    {
        _wire.Complete();
        if (_consumer is null || _consumer.IsCompleted)
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
        if (!_bodyTaken)
        {
            _body.Dispose();
        }
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
        // A streamed turn's bytes are handed to the log as they come (at most every CheckpointInterval),
        // so a tracer killed mid-stream loses at most the last moments of what the client got.
        var source = _source = new CapturedWireStream(_wire) { OnIdle = Assembler is null || _checkpoint is null ? null : () => Checkpoint(idle: true) };
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var decoded = _decodable ? ContentDecoding.CreateDecodingStream(source, _contentEncoding, leaveOpen: true) : source;
            _body.KeptDecoded = !ReferenceEquals(decoded, source);

            // Long texts refer to their deltas in the kept body instead of holding a copy.
            _body.Texts = Assembler?.ReferTextsTo(_body.KeptDecoded ? _body.Decoded : _wire.Bytes);
            try
            {
                int read;
                while ((read = ReadDecoded(decoded, buffer)) > 0)
                {
                    var data = buffer.AsSpan(0, read);
                    if (_body.KeptDecoded)
                    {
                        _body.Decoded.Write(data);
                    }

                    if (Assembler is { } assembler)
                    {
                        assembler.Append(data, source.LastOffset);
                        ReportProgress(assembler, source.BytesRead);
                        Checkpoint(idle: false);
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
        catch (InvalidDataException ex) when (_body.KeptDecoded)
        {
            // The upstream's bytes are at fault, not capture. The wire keeps taking every byte, so
            // the record holds the body exactly as received instead of what decoded before the fault.
            _body.KeptDecoded = false;
            Volatile.Write(ref _undecodable, $"the upstream sent a body that is not valid '{_contentEncoding}' as its Content-Encoding says ({ex.Message}); the body is kept as received");
            return 0;
        }
    }

    /// <summary>
    /// Hands the wire bytes read since the last checkpoint to <see cref="_checkpoint"/> once
    /// <see cref="CheckpointInterval"/> has passed; on capture's thread, the wire's one reader.
    /// Returns whether bytes are still waiting (the reader then comes back soon).
    /// </summary>
    private bool Checkpoint(bool idle)
    {
        if (_checkpoint is null || _source is null || _stopped)
        {
            return false;
        }

        var readTo = _source.BytesRead;
        if (readTo <= _checkpointed)
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        if (_lastCheckpoint != 0 && Stopwatch.GetElapsedTime(_lastCheckpoint, now) < CheckpointInterval)
        {
            return true;
        }

        try
        {
            var bytes = new byte[readTo - _checkpointed];
            _wire.Bytes.CopyTo(_checkpointed, bytes);
            _checkpoint(bytes, _checkpointed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Persisting early is a safety net: failing it must not fail the capture.
            _warnings.Add($"in-flight bytes could not be persisted early: {ex.Message}");
            return false;
        }

        _checkpointed = readTo;
        _lastCheckpoint = now;
        return false;
    }

    private void ReportProgress(TurnAssembler assembler, long wireBytes)
    {
        var now = Stopwatch.GetTimestamp();
        if (_lastProgress != 0 && Stopwatch.GetElapsedTime(_lastProgress, now) < ProgressInterval)
        {
            return;
        }

        _lastProgress = now;
        _progress?.Invoke(new CaptureProgress(Stopwatch.GetElapsedTime(_startTimestamp, now), assembler.EventCount, wireBytes, assembler.OutputChars));
    }
}
