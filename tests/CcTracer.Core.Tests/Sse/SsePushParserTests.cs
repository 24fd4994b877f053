using System.Net.ServerSentEvents;
using System.Text;
using CcTracer.Core.Tests.Turns;
using CcTracer.Sse;
using Xunit;

namespace CcTracer.Core.Tests.Sse;

public sealed class SsePushParserTests
{
    private sealed class Recorder : ISseEventSink
    {
        public List<(string Type, string Data)> Events { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
            => Events.Add((Encoding.UTF8.GetString(eventType), Encoding.UTF8.GetString(data)));
    }

    private static List<(string Type, string Data)> Parse(params string[] chunks)
    {
        var recorder = new Recorder();
        var parser = new SsePushParser(recorder);
        foreach (string chunk in chunks)
        {
            parser.Push(Encoding.UTF8.GetBytes(chunk));
        }

        return recorder.Events;
    }

    [Fact]
    public void Multi_line_data_is_joined_with_line_feeds()
        => Assert.Equal([("message", "a\n\nb")], Parse("data: a\ndata:\ndata: b\n\n"));

    [Fact]
    public void Cr_at_chunk_end_and_lf_at_next_chunk_start_are_one_line_ending()
        => Assert.Equal([("x", "1"), ("y", "2")], Parse("event: x\r", "\ndata: 1\r", "\n\r", "\nevent: y\rdata: 2\r\r"));

    [Fact]
    public void Comments_id_retry_and_unknown_fields_are_ignored()
        => Assert.Equal([("message", "d")], Parse(": hello\nid: 7\nretry: 10\nfoo: bar\ndata: d\n\n"));

    [Fact]
    public void Only_one_space_after_the_colon_is_removed()
        => Assert.Equal([("e", " two"), ("e", "none")], Parse("event: e\ndata:  two\n\nevent:e\ndata:none\n\n"));

    [Fact]
    public void A_field_without_colon_has_an_empty_value()
        => Assert.Equal([("message", "")], Parse("data\n\n"));

    [Fact]
    public void An_event_without_data_is_not_dispatched_and_its_type_is_forgotten()
        => Assert.Equal([("message", "x")], Parse("event: lonely\n\ndata: x\n\n"));

    [Fact]
    public void A_leading_bom_split_across_chunks_is_dropped()
    {
        var recorder = new Recorder();
        var parser = new SsePushParser(recorder);
        parser.Push([0xEF]);
        parser.Push([0xBB, 0xBF, (byte)'d']);
        parser.Push("ata: x\n\n"u8);

        Assert.Equal([("message", "x")], recorder.Events);
    }

    [Fact]
    public void An_unterminated_event_at_the_end_is_pending_not_dispatched()
    {
        var recorder = new Recorder();
        var parser = new SsePushParser(recorder);
        parser.Push("data: done\n\ndata: partial\n"u8);

        Assert.Equal([("message", "done")], recorder.Events);
        Assert.True(parser.HasPendingInput);
    }

    [Theory]
    [MemberData(nameof(SseVectors.All), MemberType = typeof(SseVectors))]
    public void Agrees_with_the_framework_SseParser_on_every_vector_byte_by_byte(string vector)
    {
        byte[] stream = SseVectors.Load(vector);
        var expected = new List<(string, string)>();
        foreach (SseItem<string> item in SseParser.Create(new MemoryStream(stream), (type, data) => Encoding.UTF8.GetString(data)).Enumerate())
        {
            expected.Add((item.EventType, item.Data));
        }

        var recorder = new Recorder();
        var parser = new SsePushParser(recorder);
        for (int i = 0; i < stream.Length; i++)
        {
            parser.Push(stream.AsSpan(i, 1));
        }

        Assert.Equal(expected, recorder.Events);
    }

    private sealed class PositionRecorder : ISseEventSink
    {
        public SsePushParser? Parser { get; set; }

        public List<(byte[] Data, long Position)> Events { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
            => Events.Add((data.ToArray(), Parser!.DataPosition));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void The_data_position_of_a_one_line_event_points_at_its_bytes_in_the_stream_however_it_is_chunked(int chunk)
    {
        byte[] stream = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(
            "data: first\n\n" + "event: e\r\ndata:  two spaces\r\n\r\n" + ": comment\rdata:x\r\r" +
            "event: multi\ndata: a\ndata: b\n\n" + "data\n\n" + "id: 1\ndata: {\"k\":\"v\"}\n\n")];
        var recorder = new PositionRecorder();
        var parser = new SsePushParser(recorder);
        recorder.Parser = parser;
        for (var at = 0; at < stream.Length; at += chunk)
        {
            parser.Push(stream.AsSpan(at, Math.Min(chunk, stream.Length - at)));
        }

        Assert.Equal(6, recorder.Events.Count);
        foreach (var (data, position) in recorder.Events)
        {
            if (Encoding.UTF8.GetString(data) == "a\nb")
            {
                // Two data lines are joined: not one run of the stream.
                Assert.Equal(-1, position);
            }
            else
            {
                Assert.True(position >= 0, $"no position for '{Encoding.UTF8.GetString(data)}'");
                Assert.Equal(data, stream.AsSpan((int)position, data.Length).ToArray());
            }
        }

        Assert.Equal(-1, parser.DataPosition);
    }
}
