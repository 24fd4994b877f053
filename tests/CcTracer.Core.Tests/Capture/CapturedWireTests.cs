using CcTracer.Capture;
using Xunit;

namespace CcTracer.Core.Tests.Capture;

/// <summary>
/// The lock-free hand-over between the forwarding thread and capture's thread: every byte, in
/// order, each read inside one forwarded write and stamped with that write's time.
/// </summary>
public sealed class CapturedWireTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static List<int> WriteSizes(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(1, random.Next(2) == 0 ? 200 : 9_000)).ToList();
    }

    private static (byte[] Bytes, List<(long Start, int Count, TimeSpan Offset)> Reads) ReadAll(CapturedWire wire)
    {
        var stream = new CapturedWireStream(wire);
        var bytes = new MemoryStream();
        var reads = new List<(long, int, TimeSpan)>();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            reads.Add((stream.BytesRead - n, n, stream.LastOffset));
            bytes.Write(buffer.AsSpan(0, n));
        }

        return (bytes.ToArray(), reads);
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, $"the bytes differ from offset {first}");
    }

    private static int WriteContaining(long[] ends, long position)
    {
        var i = Array.BinarySearch(ends, position);
        return i >= 0 ? i + 1 : ~i;
    }

    [Fact]
    public async Task A_concurrent_reader_gets_every_byte_each_read_inside_one_write_with_its_time()
    {
        var sizes = WriteSizes(3_000, seed: 1);
        var body = Bytes(sizes.Sum(), seed: 2);
        using var wire = new CapturedWire(long.MaxValue, maxArrivals: 8192);

        var reader = Task.Factory.StartNew(() => ReadAll(wire), TaskCreationOptions.LongRunning);
        var writer = Task.Factory.StartNew(
            () =>
            {
                var at = 0;
                for (var i = 0; i < sizes.Count; i++)
                {
                    wire.Append(body.AsSpan(at, sizes[i]), TimeSpan.FromTicks(i + 1));
                    at += sizes[i];
                }

                wire.Complete();
            },
            TaskCreationOptions.LongRunning);
        await writer.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        var (bytes, reads) = await reader.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        AssertSameBytes(body, bytes);
        var ends = new long[sizes.Count];
        long sum = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            ends[i] = sum += sizes[i];
        }

        foreach (var (start, count, offset) in reads)
        {
            var write = WriteContaining(ends, start);
            Assert.True(start + count <= ends[write], $"the read at {start} crosses the end of write {write}");
            Assert.Equal(TimeSpan.FromTicks(write + 1), offset);
        }
    }

    [Fact]
    public void A_reader_far_behind_keeps_every_byte_and_skipped_writes_take_a_later_time()
    {
        // 64 arrival times at most, 5,000 writes before the reader even starts.
        var sizes = WriteSizes(5_000, seed: 3);
        var body = Bytes(sizes.Sum(), seed: 4);
        using var wire = new CapturedWire(long.MaxValue, maxArrivals: 16);
        var ends = new long[sizes.Count];
        var at = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            wire.Append(body.AsSpan(at, sizes[i]), TimeSpan.FromTicks(i + 1));
            ends[i] = at += sizes[i];
        }

        wire.Complete();
        var (bytes, reads) = ReadAll(wire);

        AssertSameBytes(body, bytes);
        var last = TimeSpan.Zero;
        foreach (var (start, _, offset) in reads)
        {
            Assert.True(offset >= TimeSpan.FromTicks(WriteContaining(ends, start) + 1), $"the bytes at {start} were stamped before they were forwarded");
            Assert.True(offset >= last, "arrival times went backwards");
            last = offset;
        }

        Assert.Equal(TimeSpan.FromTicks(sizes.Count), last);
    }

    [Fact]
    public async Task An_idle_reader_wakes_for_the_next_write_and_ends_with_the_writer()
    {
        using var wire = new CapturedWire(long.MaxValue, maxArrivals: 64);
        var first = Task.Factory.StartNew(() => wire.WaitForBytes(0, out var end, out _) ? end : -1, TaskCreationOptions.LongRunning);

        wire.Append([1, 2, 3], TimeSpan.FromSeconds(1));
        Assert.Equal(3, await first.WaitAsync(Deadline, TestContext.Current.CancellationToken));

        var ended = Task.Factory.StartNew(() => wire.WaitForBytes(3, out _, out _), TaskCreationOptions.LongRunning);
        wire.Complete();
        Assert.False(await ended.WaitAsync(Deadline, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Bytes_past_the_limit_are_not_kept_and_record_no_arrival()
    {
        using var wire = new CapturedWire(limit: 10, maxArrivals: 64);
        wire.Append(new byte[8], TimeSpan.FromTicks(1));
        wire.Append(new byte[8], TimeSpan.FromTicks(2));
        wire.Append(new byte[8], TimeSpan.FromTicks(3));
        wire.Complete();

        Assert.True(wire.Truncated);
        Assert.Equal(10, wire.Length);
        var (bytes, reads) = ReadAll(wire);
        Assert.Equal(10, bytes.Length);
        Assert.Equal([TimeSpan.FromTicks(1), TimeSpan.FromTicks(2)], reads.Select(r => r.Offset));
    }
}
