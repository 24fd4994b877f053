using System.Buffers;

namespace CcTracer.Buffers;

/// <summary>
/// An append-only byte buffer in pooled 64 KB chunks, cut at a limit. Growing never copies and
/// never asks for a large-object array, so a 100 MB response costs 100 MB of reusable small
/// arrays instead of a chain of doubling LOH arrays (each doubling copied everything and made the
/// kernel zero fresh pages). One writer. Readers read once writing is done, except that one
/// reader may <see cref="Peek"/> concurrently below a <see cref="Length"/> it has read: bytes
/// once written never move, and the length is published after them (see CapturedWire).
/// </summary>
internal sealed class ChunkedBuffer : IDisposable
{
    /// <summary>The size of each chunk: under the large-object threshold, and a shared-pool bucket.</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly long _limit;
    private readonly ArrayPool<byte> _pool;

    // A spine the writer replaces when it grows (never edits in place past the count), so a
    // concurrent reader holding the old one still finds every chunk below the length it read.
    private byte[][] _chunks = [];
    private int _count;
    private int _lastUsed;
    private long _length;

    /// <param name="limit">Bytes kept at most; the rest is counted as truncated.</param>
    /// <param name="pool">Where chunks come from and go back to (default: the shared pool).</param>
    public ChunkedBuffer(long limit = long.MaxValue, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _limit = limit;
        _pool = pool ?? ArrayPool<byte>.Shared;
    }

    /// <summary>Bytes kept; published after the bytes themselves.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>Whether bytes were dropped at the limit.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Appends what fits under the limit and notes the rest as truncated.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        var room = (int)Math.Min(data.Length, _limit - Length);
        if (room < data.Length)
        {
            Truncated = true;
        }

        data = data[..Math.Max(room, 0)];
        var length = _length;
        while (!data.IsEmpty)
        {
            var free = GetFree();
            var n = Math.Min(free.Length, data.Length);
            data[..n].CopyTo(free);
            _lastUsed += n;
            length += n;
            data = data[n..];
        }

        Volatile.Write(ref _length, length);
    }

    /// <summary>The bytes kept, without a copy; valid until the next write or dispose.</summary>
    public ReadOnlySequence<byte> AsSequence()
    {
        if (_count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (_count == 1)
        {
            return new ReadOnlySequence<byte>(_chunks[0], 0, _lastUsed);
        }

        var first = new Segment(_chunks[0].AsMemory(0, ChunkSize), 0);
        var last = first;
        for (var i = 1; i < _count; i++)
        {
            var used = i == _count - 1 ? _lastUsed : ChunkSize;
            last = last.Append(_chunks[i].AsMemory(0, used));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>
    /// The bytes from <paramref name="position"/> to <paramref name="end"/> (at most
    /// <see cref="Length"/>) that lie in one chunk: the start of that range, without a copy.
    /// </summary>
    public ReadOnlySpan<byte> Peek(long position, long end)
    {
        end = Math.Min(end, Length);
        if (position < 0 || position >= end)
        {
            return default;
        }

        var chunk = (int)(position / ChunkSize);
        var at = (int)(position % ChunkSize);
        var count = (int)Math.Min(end - position, ChunkSize - at);
        return Volatile.Read(ref _chunks)[chunk].AsSpan(at, count);
    }

    /// <summary>Copies kept bytes from <paramref name="position"/> into all of <paramref name="destination"/>, across chunks.</summary>
    public void CopyTo(long position, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var run = Peek(position, position + destination.Length);
            if (run.IsEmpty)
            {
                throw new ArgumentOutOfRangeException(nameof(destination), "The range runs past the bytes kept.");
            }

            run.CopyTo(destination);
            destination = destination[run.Length..];
            position += run.Length;
        }
    }

    /// <summary>One array of the bytes kept (a copy).</summary>
    public byte[] ToArray() => AsSequence().ToArray();

    public void Dispose()
    {
        for (var i = 0; i < _count; i++)
        {
            _pool.Return(_chunks[i]);
        }

        _chunks = [];
        _count = 0;
        _lastUsed = 0;
        _length = 0;
    }

    private Span<byte> GetFree()
    {
        if (_count == 0 || _lastUsed == ChunkSize)
        {
            if (_count == _chunks.Length)
            {
                var grown = new byte[Math.Max(4, _chunks.Length * 2)][];
                _chunks.AsSpan().CopyTo(grown);
                Volatile.Write(ref _chunks, grown);
            }

            _chunks[_count++] = _pool.Rent(ChunkSize);
            _lastUsed = 0;
        }

        return _chunks[_count - 1].AsSpan(_lastUsed, ChunkSize - _lastUsed);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
