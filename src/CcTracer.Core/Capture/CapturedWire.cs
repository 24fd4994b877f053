using System.Buffers;
using CcTracer.Buffers;

namespace CcTracer.Capture;

/// <summary>
/// The response bytes exactly as forwarded to the client, appended by the forwarding side and read
/// behind it by capture's thread. This is the capture's one copy of the body: for an unencoded
/// response (what Claude Code's streams are) it is also the body that is logged, and reassembly
/// reads it in place, so a response is never held twice however far capture falls behind.
/// </summary>
/// <remarks>
/// One writer, one reader, no lock between them: the forwarding thread copies, publishes the new
/// length and the write's arrival time, and only wakes the reader when it is idle. A reader that
/// is keeping up does not wait for a wake per write: it looks again every <see cref="Lag"/>, so
/// a turn of thousands of small events costs a few dozen wake-ups of capture's thread, not one
/// each (each had woken a pool thread, which woke capture, next to the client reading the same
/// event on a two-core machine).
/// </remarks>
internal sealed class CapturedWire : IDisposable
{
    /// <summary>How far behind the stream a reader that is keeping up may be: the capture's lag.</summary>
    internal static readonly TimeSpan Lag = TimeSpan.FromMilliseconds(10);

    // An idle reader (it looked and found nothing) is woken by the next write; this is only a backstop.
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);

    private const int FirstArrivals = 64;

    private readonly ChunkedBuffer _bytes;
    private readonly int _maxArrivals;
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);

    // Arrival times, a single-producer single-consumer ring: the writer fills slots past _head and
    // publishes _tail; the reader consumes below _tail and publishes _head. Full means capture is
    // more than _maxArrivals writes behind: then the next write that fits carries the skipped
    // bytes, which get its (later) time.
    private WireArrival[] _arrivals = new WireArrival[FirstArrivals];
    private long _head;
    private long _tail;
    private long _skippedEnd;
    private long _skippedOffsetTicks;
    private int _ended;
    private int _readerIdle;

    // The reader's own state.
    private bool _lookedEmpty;

    public CapturedWire(long limit, int maxArrivals, ArrayPool<byte>? chunks = null)
    {
        _bytes = new ChunkedBuffer(limit, chunks);
        _maxArrivals = Math.Max(maxArrivals, FirstArrivals);
    }

    /// <summary>Bytes kept so far.</summary>
    public long Length => _bytes.Length;

    /// <summary>
    /// The kept bytes themselves, for reassembly to refer to: below a <see cref="ChunkedBuffer.Length"/>
    /// it has read they never change; only the writer appends.
    /// </summary>
    public ChunkedBuffer Bytes => _bytes;

    /// <summary>Whether bytes were dropped at the capture limit; read once the writer is done.</summary>
    public bool Truncated => _bytes.Truncated;

    /// <summary>
    /// The writer: appends what fits under the limit, forwarded at <paramref name="offset"/>.
    /// Never blocks; a write that added nothing (past the limit) records nothing.
    /// </summary>
    public void Append(ReadOnlySpan<byte> data, TimeSpan offset)
    {
        var before = _bytes.Length;
        _bytes.Write(data);
        var end = _bytes.Length;
        if (end == before)
        {
            return;
        }

        if (!TryAddArrival(new WireArrival(end, offset)))
        {
            Volatile.Write(ref _skippedOffsetTicks, offset.Ticks);
            Volatile.Write(ref _skippedEnd, end);
        }

        // Publishing above and reading the idle flag below must not pass each other, or a
        // reader that just went idle could miss these bytes until its backstop.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _readerIdle) != 0 && Interlocked.Exchange(ref _readerIdle, 0) != 0)
        {
            _wake.Set();
        }
    }

    /// <summary>The writer is done (or capture gave up): the reader drains what is there and ends.</summary>
    public void Complete()
    {
        Volatile.Write(ref _ended, 1);
        _wake.Set();
    }

    /// <summary>
    /// The reader: waits until bytes past <paramref name="position"/> are kept, then gives the end
    /// of the one forwarded write they begin in and when that write was forwarded. False once the
    /// writer is done and nothing lies past <paramref name="position"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="onIdle"/> runs on the reader's thread each time it is about to wait; when
    /// it returns true (work is pending, e.g. bytes to persist soon) the reader looks again after
    /// <see cref="Lag"/> instead of sleeping until the next write.
    /// </remarks>
    public bool WaitForBytes(long position, out long end, out TimeSpan offset, Func<bool>? onIdle = null)
    {
        while (true)
        {
            if (TryReadable(position, out end, out offset))
            {
                _lookedEmpty = false;
                return true;
            }

            if (Volatile.Read(ref _ended) != 0)
            {
                // The end is published after the last bytes: look once more, then stop.
                return TryReadable(position, out end, out offset);
            }

            _wake.Reset();
            var idle = _lookedEmpty;
            if (idle)
            {
                Interlocked.Exchange(ref _readerIdle, 1);
            }

            if (TryReadable(position, out end, out offset) || Volatile.Read(ref _ended) != 0)
            {
                Volatile.Write(ref _readerIdle, 0);
                continue;
            }

            // Keeping up: come back after the lag whatever arrives, so a run of small writes is
            // read in one go. Found nothing last time too: sleep until the next write.
            var pending = onIdle?.Invoke() ?? false;
            _wake.Wait(idle && !pending ? IdleWait : Lag);
            Volatile.Write(ref _readerIdle, 0);
            _lookedEmpty = true;
        }
    }

    /// <summary>
    /// The longest contiguous run of kept bytes from <paramref name="position"/> up to
    /// <paramref name="end"/>. Bytes once written are never moved or changed, so the span stays
    /// valid until dispose.
    /// </summary>
    public ReadOnlySpan<byte> Read(long position, long end) => _bytes.Peek(position, end);

    /// <summary>Every kept byte; once the writer is done.</summary>
    public ReadOnlySequence<byte> AsSequence() => _bytes.AsSequence();

    /// <summary>Frees the bytes; only once both writer and reader are done.</summary>
    public void Dispose()
    {
        _bytes.Dispose();
        _wake.Dispose();
    }

    private bool TryAddArrival(WireArrival arrival)
    {
        var tail = _tail;
        var ring = _arrivals;
        if (tail - Volatile.Read(ref _head) >= ring.Length)
        {
            if (ring.Length >= _maxArrivals)
            {
                return false;
            }

            // Grow: the reader may still read the old ring, which is never written again, and
            // every slot it may read (from its head, which only moves on) is copied.
            var grown = new WireArrival[Math.Min(ring.Length * 2, _maxArrivals)];
            for (var i = Volatile.Read(ref _head); i < tail; i++)
            {
                grown[i % grown.Length] = ring[i % ring.Length];
            }

            Volatile.Write(ref _arrivals, grown);
            ring = grown;
        }

        ring[tail % ring.Length] = arrival;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    private bool TryReadable(long position, out long end, out TimeSpan offset)
    {
        var tail = Volatile.Read(ref _tail);
        var ring = Volatile.Read(ref _arrivals);
        var head = _head;
        while (head < tail)
        {
            var arrival = ring[head % ring.Length];
            if (arrival.End > position)
            {
                Volatile.Write(ref _head, head);
                end = arrival.End;
                offset = arrival.Offset;
                return true;
            }

            head++;
        }

        Volatile.Write(ref _head, head);

        // Bytes whose write found the ring full: the latest such write's time stands in for theirs.
        end = Volatile.Read(ref _skippedEnd);
        offset = TimeSpan.FromTicks(Volatile.Read(ref _skippedOffsetTicks));
        return end > position;
    }
}
