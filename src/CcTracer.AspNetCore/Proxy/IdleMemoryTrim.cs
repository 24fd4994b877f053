using System.Buffers;
using System.Diagnostics;
using CcTracer.Buffers;
using CcTracer.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// Gives memory back after large turns: once no call has been in flight for <see cref="QuietPeriod"/>
/// and at least <see cref="TrimAfterBytes"/> of captured bodies were recorded since the last time, it
/// waits for the log to write them and runs one compacting collection. Without it the process stayed
/// at ~400 MB after one burst of big turns (the GC keeps freed memory until it next needs to collect,
/// and an idle tracer allocates nothing). The pause is paid only while nothing streams; it is off
/// unless <see cref="CcTracerOptions.TrimMemoryWhenIdle"/> is set, because forcing collections is
/// the business of the process owner (cc-tracer sets it; a host with its own workload may not want it).
/// When on, it also keeps the chunks of captured bodies for reuse between trims
/// (<see cref="CaptureChunks"/>): the shared pool keeps only a few arrays of a size, so every big
/// turn allocated its body afresh (page faults on the forwarding thread, promotions by the GC).
/// </summary>
internal sealed partial class IdleMemoryTrim : IDisposable
{
    /// <summary>Captured bytes recorded since the last trim that make the next one worth its pause.</summary>
    public const long TrimAfterBytes = 64L * 1024 * 1024;

    /// <summary>How long no call may be in flight before trimming.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    // 4,096 × 64 KB: up to 256 MB of chunks kept between trims, enough for 32 concurrent 5 MB turns
    // or two 100 MB ones.
    private const int RetainedChunks = 4096;

    private readonly Lock _gate = new();
    private readonly SessionLog _log;
    private readonly ILogger<IdleMemoryTrim> _logger;
    private readonly ITimer _timer;
    private readonly bool _enabled;
    private int _inFlight;
    private bool _armed;
    private long _recordedBytes;
    private int _trims;
    private ArrayPool<byte> _chunks;

    public IdleMemoryTrim(SessionLog log, IOptions<CcTracerOptions> options, TimeProvider time, ILogger<IdleMemoryTrim> logger)
    {
        _log = log;
        _logger = logger;
        _enabled = options.Value.TrimMemoryWhenIdle;
        _chunks = _enabled ? NewChunkPool() : ArrayPool<byte>.Shared;
        _timer = time.CreateTimer(_ => LastTrim = TrimAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The latest trim attempt, once one has started (tests await it).</summary>
    public Task? LastTrim { get; private set; }

    /// <summary>
    /// Where captured bodies get their chunks: a pool that keeps them between trims when trimming is
    /// on (a trim starts a new one and lets the old one go with its chunks), the shared pool otherwise.
    /// </summary>
    public ArrayPool<byte> CaptureChunks => Volatile.Read(ref _chunks);

    /// <summary>Trims done so far.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>A call started: no trim until it ends.</summary>
    public void ExchangeStarted()
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _inFlight++;
            if (_armed)
            {
                _armed = false;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>A call ended, having handed <paramref name="capturedBytes"/> of body to the log.</summary>
    public void ExchangeEnded(long capturedBytes)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _inFlight--;
            _recordedBytes += capturedBytes;
            if (_inFlight == 0 && _recordedBytes >= TrimAfterBytes)
            {
                _armed = true;
                _timer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private async Task TrimAsync()
    {
        try
        {
            // The bodies are freed once the writer has written their records.
            await _log.FlushAsync().ConfigureAwait(false);
            lock (_gate)
            {
                _armed = false;
                if (_inFlight > 0 || _recordedBytes < TrimAfterBytes)
                {
                    return;
                }

                _recordedBytes = 0;
            }

            // Chunks still out go back to the old pool, which goes with them.
            Volatile.Write(ref _chunks, NewChunkPool());
            var before = GC.GetTotalPauseDuration();
            var resident = Environment.WorkingSet;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Interlocked.Increment(ref _trims);
            LogTrimmed(_logger, (resident - Environment.WorkingSet) / (1024 * 1024), (GC.GetTotalPauseDuration() - before).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Shutting down: nothing to give back.
        }
    }

    private static ArrayPool<byte> NewChunkPool() => ArrayPool<byte>.Create(ChunkedBuffer.ChunkSize, RetainedChunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "cc-tracer returned {Megabytes} MB to the OS after large turns (one collection while idle, {PauseMs:0.0} ms pause)")]
    private static partial void LogTrimmed(ILogger logger, long megabytes, double pauseMs);
}
