using System.Buffers;

namespace CcTracer.Buffers;

/// <summary>
/// A growable byte buffer on <see cref="ArrayPool{T}.Shared"/>. Unlike <see cref="ArrayBufferWriter{T}"/>
/// its storage goes back to the pool on <see cref="Release"/>, so a long-running proxy that reassembles
/// thousands of turns does not churn the large-object heap with per-turn text buffers.
/// </summary>
internal sealed class PooledByteBuffer
{
    private const int MinimumSize = 256;
    private byte[] _array = [];
    private int _length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far; valid until the next write.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    /// <summary>Free space of at least <paramref name="sizeHint"/> bytes; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        EnsureFree(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => _length += count;

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        EnsureFree(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Forgets the content but keeps the storage for reuse.</summary>
    public void Clear() => _length = 0;

    /// <summary>Returns the storage to the pool; the buffer stays usable and rents again on the next write.</summary>
    public void Release()
    {
        if (_array.Length > 0)
        {
            SharedPool.Return(_array);
        }

        _array = [];
        _length = 0;
    }

    private void EnsureFree(int sizeHint)
    {
        if (_array.Length - _length >= sizeHint)
        {
            return;
        }

        int needed = checked(_length + sizeHint);
        int size = Math.Max(Math.Max(MinimumSize, needed), _array.Length * 2);
        byte[] next = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _length).CopyTo(next);
        if (_array.Length > 0)
        {
            SharedPool.Return(_array);
        }

        _array = next;
    }
}
