using System.Buffers;
using CcTracer.Buffers;
using Xunit;

namespace CcTracer.Core.Tests.Buffers;

public sealed class ChunkedBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkedBuffer.ChunkSize)]
    [InlineData(ChunkedBuffer.ChunkSize + 1)]
    [InlineData((3 * ChunkedBuffer.ChunkSize) + 17)]
    public void Writes_of_any_size_read_back_exactly_across_chunks(int size)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();
        using var buffer = new ChunkedBuffer();

        // Odd write sizes so writes straddle chunk boundaries.
        for (var at = 0; at < size; at += 1000)
        {
            buffer.Write(data.AsSpan(at, Math.Min(1000, size - at)));
        }

        Assert.Equal(size, buffer.Length);
        Assert.Equal(data, buffer.AsSequence().ToArray());
        Assert.Equal(data, buffer.ToArray());
        Assert.False(buffer.Truncated);
        Assert.Equal(size <= ChunkedBuffer.ChunkSize, buffer.AsSequence().IsSingleSegment);
    }

    [Fact]
    public void Bytes_past_the_limit_are_dropped_and_noted()
    {
        using var buffer = new ChunkedBuffer(limit: 100_000);
        var data = new byte[70_000];
        Array.Fill(data, (byte)'a');
        buffer.Write(data);
        Assert.False(buffer.Truncated);
        data.AsSpan().Fill((byte)'b');
        buffer.Write(data);
        buffer.Write(data);

        Assert.True(buffer.Truncated);
        Assert.Equal(100_000, buffer.Length);
        var kept = buffer.ToArray();
        Assert.All(kept[..70_000], b => Assert.Equal((byte)'a', b));
        Assert.All(kept[70_000..], b => Assert.Equal((byte)'b', b));
    }

    [Fact]
    public void Dispose_empties_the_buffer()
    {
        var buffer = new ChunkedBuffer();
        buffer.Write(new byte[200_000]);
        buffer.Dispose();

        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.AsSequence().IsEmpty);
    }
}
