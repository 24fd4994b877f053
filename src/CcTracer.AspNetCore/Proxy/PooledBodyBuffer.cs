using System.Buffers;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The decoded copy of a response body, grown in pooled arrays and cut at the capture limit.
/// It lives only until the <c>api_response</c> record is serialized, so the arrays go straight
/// back to the pool instead of becoming garbage the size of every turn.
/// </summary>
internal sealed class PooledBodyBuffer : IDisposable
{
    private readonly long _limit;
    private byte[] _buffer;
    private int _length;

    public PooledBodyBuffer(long limit, int initialCapacity = 16 * 1024)
    {
        _limit = Math.Min(limit, Array.MaxLength);
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Whether bytes were dropped at the limit.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The bytes kept so far.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Appends what fits under the limit and notes the rest as truncated.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        var room = (int)Math.Min(data.Length, _limit - _length);
        if (room < data.Length)
        {
            Truncated = true;
        }

        if (room <= 0)
        {
            return;
        }

        if (_length + room > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)_buffer.Length * 2, _length + room), Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        data[..room].CopyTo(_buffer.AsSpan(_length));
        _length += room;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _length = 0;
    }
}
