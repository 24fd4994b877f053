using System.Text;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

public sealed class JsonlLineReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    [InlineData(1 << 20)]
    public async Task Lines_come_back_whole_with_their_offsets_however_the_stream_splits_them(int readSize)
    {
        // Lines longer than the reader's block (256 KB) and longer than its buffer grown once,
        // CRLF endings, empty lines, and a last line without its newline.
        var lines = new[] { "a", "", "{\"seq\":1}\r", new string('x', 300_000), "b", new string('y', 1_100_000), "", "c\r", "torn" };
        if (readSize == 1)
        {
            lines = ["a", "", "{\"seq\":1}\r", new string('x', 5_000), "c\r", "torn"];
        }

        var text = string.Join('\n', lines);
        var read = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize), startOffset: 0);

        var expected = new List<(long, string, bool)>();
        long offset = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var terminated = i < lines.Length - 1;
            expected.Add((offset, lines[i].TrimEnd('\r'), terminated));
            offset += lines[i].Length + 1;
        }

        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task Offsets_count_from_where_the_caller_started_reading()
    {
        var read = await ReadAllAsync(new MemoryStream("one\ntwo\n"u8.ToArray()), startOffset: 1000);
        Assert.Equal([(1000L, "one", true), (1004L, "two", true)], read);
    }

    [Fact]
    public async Task An_empty_stream_has_no_lines()
        => Assert.Empty(await ReadAllAsync(new MemoryStream(), startOffset: 0));

    private static async Task<List<(long Offset, string Text, bool Terminated)>> ReadAllAsync(Stream stream, long startOffset)
    {
        var lines = new List<(long, string, bool)>();
        await foreach (var line in JsonlLineReader.ReadAsync(stream, startOffset, TestContext.Current.CancellationToken))
        {
            // A line is valid until the next one: take what is needed now.
            lines.Add((line.Offset, Encoding.UTF8.GetString(line.Bytes.Span), line.Terminated));
        }

        return lines;
    }

    /// <summary>Hands out at most a few bytes per read, as a pipe or a file being written can.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data, writable: false)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, readSize)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
