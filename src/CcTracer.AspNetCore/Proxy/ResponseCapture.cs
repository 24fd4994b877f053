using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using CcTracer.Decoding;
using CcTracer.IO;
using CcTracer.Storage;
using CcTracer.Threading;
using CcTracer.Turns;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The capture side of one response: a bounded channel of chunk copies and one background
/// consumer that decodes them, keeps the decoded body and feeds the <see cref="TurnAssembler"/>.
/// The forwarding side only ever calls <see cref="Post"/>, which never waits and never throws;
/// when the consumer falls a whole channel behind, capture gives up on this response and the
/// client's bytes keep flowing.
/// </summary>
internal sealed class ResponseCapture : IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<CapturedChunk> _channel;
    private readonly int _capacity;
    private readonly string? _contentEncoding;
    private readonly bool _decodable;
    private readonly ChunkedBuffer _body;
    private readonly SessionLog _log;
    private readonly string _sessionId;
    private readonly string _exchangeId;
    private readonly long _startTimestamp;
    private readonly List<string> _warnings = [];
    private readonly Task _consumer;
    private string? _failure;
    private volatile bool _stopped;
    private long _lastProgress;

    public ResponseCapture(
        SessionLog log,
        string sessionId,
        string exchangeId,
        long startTimestamp,
        string? contentEncoding,
        bool assembleTurn,
        int capacity,
        long maxBodyBytes)
    {
        _log = log;
        _sessionId = sessionId;
        _exchangeId = exchangeId;
        _startTimestamp = startTimestamp;
        _capacity = capacity;
        _contentEncoding = contentEncoding;
        _decodable = ContentDecoding.IsSupported(contentEncoding);
        _body = new ChunkedBuffer(maxBodyBytes);
        if (!_decodable)
        {
            _warnings.Add($"Content-Encoding '{contentEncoding}' cannot be decoded by the tracer; the body is kept as received");
        }

        Assembler = assembleTurn && _decodable ? new TurnAssembler() : null;
        _channel = Channel.CreateBounded<CapturedChunk>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,

            // Never run the consumer inline on the forwarding thread.
            AllowSynchronousContinuations = false,
        });
        _consumer = LowPriorityThread.Start("cc-tracer capture " + exchangeId, Run);
    }

    /// <summary>The assembler fed by the consumer; read it only after <see cref="FinishAsync"/>.</summary>
    public TurnAssembler? Assembler { get; }

    /// <summary>The decoded body kept so far, in pooled chunks; read it only after <see cref="FinishAsync"/>, before dispose.</summary>
    public ReadOnlySequence<byte> Body => _body.AsSequence();

    /// <summary>Whether the kept body is not the whole body (capture limit, or capture gave up).</summary>
    public bool BodyTruncated => _body.Truncated || _failure is not null;

    /// <summary>Why capture gave up on this response, or <see langword="null"/>.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Problems of the capture that did not stop it.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Offers a copy of bytes just forwarded to the client. Never blocks: a full channel makes
    /// capture give up on this response instead of slowing the client.
    /// </summary>
    public void Post(ReadOnlySpan<byte> chunk, TimeSpan offset)
    {
        if (_stopped || chunk.IsEmpty)
        {
            return;
        }

        byte[]? copy = null;
        try
        {
            copy = ArrayPool<byte>.Shared.Rent(chunk.Length);
            chunk.CopyTo(copy);
            if (_channel.Writer.TryWrite(new CapturedChunk(copy, chunk.Length, offset)))
            {
                return;
            }

            ArrayPool<byte>.Shared.Return(copy);
            GiveUp($"capture fell {_capacity} chunks behind the stream and stopped recording this response; the client still received every byte");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }

            GiveUp($"capture failed: {ex.Message}");
        }
    }

    /// <summary>Ends the input and waits until everything queued is decoded. Never throws.</summary>
    public async Task FinishAsync()
    {
        _channel.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
    }

    /// <summary>
    /// Frees the body's chunks once the consumer thread has ended; also ends that thread if
    /// <see cref="FinishAsync"/> never ran (an exchange that failed before recording).
    /// </summary>
    public void Dispose()
    {
        _channel.Writer.TryComplete();
        if (_consumer.IsCompleted)
        {
            _body.Dispose();
        }
        else
        {
            _consumer.ContinueWith(_ => _body.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void GiveUp(string reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            _stopped = true;
            _channel.Writer.TryComplete();
        }
    }

    // Reassembly is the per-byte work of capture: on its own low-priority thread, so forwarding
    // the client's bytes gets the CPU first when the machine is busy (the bounded channel still
    // caps how far capture may fall behind).
    private void Run()
    {
        var source = new ChannelChunkStream(_channel.Reader);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var decoded = _decodable ? ContentDecoding.CreateDecodingStream(source, _contentEncoding, leaveOpen: true) : source;
            try
            {
                int read;
                while ((read = decoded.Read(buffer)) > 0)
                {
                    var data = buffer.AsSpan(0, read);
                    _body.Write(data);
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
            // record says what happened. Keep draining so forwarded chunks stop being copied
            // and every pooled array goes back.
            GiveUp($"capture failed: {ex.GetType().Name}: {ex.Message}");
            try
            {
                while (_channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    source.ReleaseQueued();
                }
            }
            catch (ChannelClosedException)
            {
            }
        }
        finally
        {
            source.ReleaseQueued();
            ArrayPool<byte>.Shared.Return(buffer);
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
