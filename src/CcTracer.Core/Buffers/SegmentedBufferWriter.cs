using System.Buffers;

namespace CcTracer.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over pooled chunks that never copies while it grows, then
/// makes one exact-size array. <see cref="ArrayBufferWriter{T}"/> doubles and copies, and
/// <see cref="System.Text.Json.Utf8JsonWriter"/> asks it for six times a string's length (worst-case
/// escaping), so a 100 MB captured body cost several hundred MB of transient large-object arrays
/// and most of the capture's CPU (measured: 30% of the tracer's busy time at 32 × 5 MB).
/// </summary>
internal sealed class SegmentedBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[] _current;
    private int _position;
    private long _fullLength;

    public SegmentedBufferWriter(int initialSize = 512)
    {
        _current = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => _fullLength + _position;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_position + count > _current.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _position += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // Ensure first: it may replace _current.
        var at = Ensure(sizeHint);
        return _current.AsMemory(at);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var at = Ensure(sizeHint);
        return _current.AsSpan(at);
    }

    /// <summary>The written bytes in one exact-size array, skipping the first <paramref name="skip"/>.</summary>
    public byte[] ToArray(int skip = 0)
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)(Length - skip)));
        var at = 0;
        foreach (var (array, length) in _full.Append((_current, _position)))
        {
            var from = Math.Min(skip, length);
            skip -= from;
            array.AsSpan(from, length - from).CopyTo(result.AsSpan(at));
            at += length - from;
        }

        return result;
    }

    /// <summary>
    /// Hands over the written chunks themselves, skipping the first <paramref name="skip"/> bytes,
    /// without a copy: the caller returns each chunk's array to <see cref="ArrayPool{T}.Shared"/>.
    /// The writer is empty after.
    /// </summary>
    public List<ArraySegment<byte>> DetachChunks(int skip)
    {
        var chunks = new List<ArraySegment<byte>>(_full.Count + 1);
        foreach (var (array, written) in _full.Append((_current, _position)))
        {
            var from = Math.Min(skip, written);
            skip -= from;
            chunks.Add(new ArraySegment<byte>(array, from, written - from));
        }

        _full.Clear();
        _current = [];
        _position = 0;
        _fullLength = 0;
        return chunks;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full)
        {
            SharedPool.Return(array);
        }

        _full.Clear();
        if (_current.Length > 0)
        {
            SharedPool.Return(_current);
            _current = [];
        }
    }

    private int Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_current.Length - _position < sizeHint)
        {
            // Keep what is written and start a new chunk: nothing already written moves.
            if (_position > 0)
            {
                _full.Add((_current, _position));
                _fullLength += _position;
            }
            else
            {
                SharedPool.Return(_current);
            }

            _current = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, ChunkSize));
            _position = 0;
        }

        return _position;
    }
}
