using CcTracer.Buffers;
using System.Buffers;

namespace CcTracer.Storage;

/// <summary>
/// The serialized fields of one record waiting for the writer (its JSON without the opening brace;
/// the writer adds the envelope). A small record is one exact array; a large one keeps the pooled
/// 64 KB chunks it was serialized into, so a 100 MB turn is never copied into one large-object
/// array on its way to the file: that copy (and the kernel zeroing its fresh pages) was a quarter
/// of the tracer's CPU time under bulk streams.
/// </summary>
internal sealed class RecordFields : IDisposable
{
    private byte[]? _array;
    private List<ArraySegment<byte>>? _chunks;

    private RecordFields(byte[] array, long length)
    {
        _array = array;
        Length = length;
    }

    private RecordFields(List<ArraySegment<byte>> chunks, long length)
    {
        _chunks = chunks;
        Length = length;
    }

    /// <summary>Bytes of the fields.</summary>
    public long Length { get; }

    /// <summary>Whether the fields are one array (<see cref="Span"/> is valid).</summary>
    public bool IsContiguous => _array is not null;

    /// <summary>The fields of a contiguous record.</summary>
    public ReadOnlySpan<byte> Span => _array ?? throw new InvalidOperationException("The fields are in chunks.");

    /// <summary>Wraps an exact array.</summary>
    public static RecordFields FromArray(byte[] array) => new(array, array.Length);

    /// <summary>Takes ownership of pooled chunks (each returned to <see cref="ArrayPool{T}.Shared"/> on dispose).</summary>
    public static RecordFields FromPooledChunks(List<ArraySegment<byte>> chunks, long length) => new(chunks, length);

    /// <summary>Writes every byte to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        if (_array is not null)
        {
            stream.Write(_array);
            return;
        }

        foreach (var chunk in Chunks())
        {
            stream.Write(chunk);
        }
    }

    /// <summary>One array of every byte (a copy for chunked fields).</summary>
    public byte[] ToArray()
    {
        if (_array is not null)
        {
            return _array;
        }

        var result = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var at = 0;
        foreach (var chunk in Chunks())
        {
            chunk.AsSpan().CopyTo(result.AsSpan(at));
            at += chunk.Count;
        }

        return result;
    }

    public void Dispose()
    {
        var chunks = Interlocked.Exchange(ref _chunks, null);
        if (chunks is not null)
        {
            foreach (var chunk in chunks)
            {
                SharedPool.Return(chunk.Array!);
            }
        }

        _array = null;
    }

    private List<ArraySegment<byte>> Chunks() => _chunks ?? throw new ObjectDisposedException(nameof(RecordFields));
}
