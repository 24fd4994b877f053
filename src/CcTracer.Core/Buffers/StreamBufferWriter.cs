using System.Buffers;

namespace CcTracer.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that sends what is written to a stream through one reusable
/// buffer: the log writer serializes a large record straight into the file with it, so the record
/// never exists in memory whole. It can drop the first bytes written (a record's opening brace,
/// which the envelope replaces).
/// </summary>
internal sealed class StreamBufferWriter : IBufferWriter<byte>, IDisposable
{
    // Room for a 16 KB string piece at Utf8JsonWriter's worst-case escaping (6x) and then some.
    private const int BufferSize = 256 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private Stream? _stream;
    private int _position;
    private int _skip;

    /// <summary>Bytes sent to the stream since <see cref="Start"/> (after the skipped ones).</summary>
    public long Written { get; private set; }

    /// <summary>Starts writing to <paramref name="stream"/>, dropping the first <paramref name="skip"/> bytes.</summary>
    public void Start(Stream stream, int skip)
    {
        _stream = stream;
        _position = 0;
        _skip = skip;
        Written = 0;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_position + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _position += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Ensure(sizeHint));

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Ensure(sizeHint));

    /// <summary>Sends everything buffered to the stream.</summary>
    public void Flush()
    {
        var from = Math.Min(_skip, _position);
        _skip -= from;
        if (_position > from)
        {
            (_stream ?? throw new InvalidOperationException("Start was not called.")).Write(_buffer.AsSpan(from, _position - from));
            Written += _position - from;
        }

        _position = 0;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            SharedPool.Return(buffer);
        }
    }

    private int Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _position < sizeHint)
        {
            Flush();
            if (_buffer.Length < sizeHint)
            {
                SharedPool.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
            }
        }

        return _position;
    }
}
