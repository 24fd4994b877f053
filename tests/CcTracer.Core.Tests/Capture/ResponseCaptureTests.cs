using System.Buffers;
using System.IO.Compression;
using System.Text;
using CcTracer.Capture;
using Xunit;

namespace CcTracer.Core.Tests.Capture;

/// <summary>The capture side alone: what it keeps and reassembles from the writes the tee hands it.</summary>
public sealed class ResponseCaptureTests
{

    private static byte[] Turn(int deltas)
    {
        var sse = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"output_tokens\":1}}}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (var i = 0; i < deltas; i++)
        {
            sse.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"t").Append(i).Append(" \"}}\n\n");
        }

        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sse.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}\n\n");
        sse.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return Encoding.UTF8.GetBytes(sse.ToString());
    }

    private static ResponseCapture Capture(string? encoding, int capacity, Action<CaptureProgress>? progress = null, ArrayPool<byte>? chunks = null)
    {
        var capture = new ResponseCapture("ex_1", 0, capacity, maxBodyBytes: 512L * 1024 * 1024, chunks, progress);
        capture.Start(encoding, assembleTurn: true);
        return capture;
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(plain);
        }

        return gz.ToArray();
    }

    private static void PostInWrites(ResponseCapture capture, byte[] wire, int write)
    {
        for (var at = 0; at < wire.Length; at += write)
        {
            capture.Post(wire.AsSpan(at, Math.Min(write, wire.Length - at)), TimeSpan.FromMilliseconds(at));
        }
    }

    [Fact]
    public async Task Capture_far_behind_the_stream_keeps_every_byte_and_the_whole_turn()
    {
        // 16 pending writes at most, and thousands posted without waiting: the old design gave up here.
        var wire = Turn(20_000);
        using var capture = Capture(null, capacity: 16);

        PostInWrites(capture, wire, 97);
        await capture.FinishAsync();

        Assert.Null(capture.Failure);
        Assert.False(capture.BodyTruncated);
        Assert.Equal(wire, capture.Body.ToArray());
        var turn = capture.Assembler!.Complete(TimeSpan.FromSeconds(1));
        Assert.True(turn.IsComplete);
        Assert.Equal(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"t{i} ")), turn.Message!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Capture_behind_the_stream_still_stamps_each_event_with_its_own_write_time()
    {
        // Each event its own write, all posted before capture can keep up: before, every event read
        // in one go took the time of the latest write.
        var events = Encoding.UTF8.GetString(Turn(2_000)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        using var capture = Capture(null, capacity: 8192);
        for (var i = 0; i < events.Length; i++)
        {
            capture.Post(Encoding.UTF8.GetBytes(events[i] + "\n\n"), TimeSpan.FromMilliseconds(i + 1));
        }

        await capture.FinishAsync();

        var turn = capture.Assembler!.Complete(TimeSpan.FromSeconds(10));
        Assert.True(turn.IsComplete);
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => TimeSpan.FromMilliseconds(i)), turn.Events.Select(e => e.Offset));
    }

    [Fact]
    public async Task Gzipped_stream_is_kept_decoded_and_reassembled()
    {
        var plain = Turn(3_000);
        using var capture = Capture("gzip", capacity: 16);
        PostInWrites(capture, Gzip(plain), 1000);
        await capture.FinishAsync();

        Assert.Null(capture.Failure);
        Assert.Equal(plain, capture.Body.ToArray());
        Assert.True(capture.Assembler!.Complete(TimeSpan.FromSeconds(1)).IsComplete);
    }

    [Fact]
    public async Task Corrupt_gzip_is_the_upstreams_fault_and_the_body_is_kept_as_received()
    {
        using var capture = Capture("gzip", capacity: 16);
        var sent = Encoding.UTF8.GetBytes("this is not gzip at all, just text");
        PostInWrites(capture, sent, 7);
        await capture.FinishAsync();

        Assert.Null(capture.Failure);
        Assert.StartsWith("the upstream sent a body that is not valid 'gzip'", capture.UndecodableBody, StringComparison.Ordinal);
        Assert.False(capture.BodyTruncated);
        Assert.Equal(sent, capture.Body.ToArray());
    }

    [Fact]
    public async Task A_capture_never_started_counts_the_forwarded_bytes_but_keeps_none()
    {
        // No response headers (or a start that failed): the bytes still reach the client, capture holds nothing.
        using var capture = new ResponseCapture("ex_1", 0, 16, maxBodyBytes: 1024);
        capture.Forwarded("abc"u8, 0);
        await capture.FinishAsync();

        Assert.False(capture.Started);
        Assert.Equal(3, capture.ForwardedBytes);
        Assert.True(capture.Body.IsEmpty);
    }

    [Fact]
    public async Task A_taken_body_outlives_the_capture_and_is_freed_by_whoever_took_it()
    {
        var wire = Turn(20_000);
        var pool = new CountingPool();
        var capture = Capture(null, capacity: 64, chunks: pool);
        PostInWrites(capture, wire, 4096);
        await capture.FinishAsync();
        var turn = capture.Assembler!.Complete(TimeSpan.FromSeconds(1));

        var body = capture.TakeBody();
        capture.Dispose();
        Assert.False(body.IsDisposed);
        Assert.Equal(wire, body.Bytes.ToArray());
        Assert.NotEqual(0, pool.Outstanding);

        body.Dispose();
        Assert.Equal(0, pool.Outstanding);

        // The turn's long texts referred to the body: they now fail instead of reading freed memory.
        Assert.Throws<InvalidOperationException>(() => turn.Message);
    }

    [Fact]
    public async Task A_body_not_taken_is_freed_with_the_capture()
    {
        var pool = new CountingPool();
        var capture = Capture("gzip", capacity: 64, chunks: pool);
        PostInWrites(capture, Gzip(Turn(2_000)), 64);
        await capture.FinishAsync();
        Assert.NotEqual(0, pool.Outstanding);

        capture.Dispose();

        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Reassembly_reports_its_progress_while_the_turn_streams()
    {
        var reports = new List<CaptureProgress>();
        using var capture = Capture(null, capacity: 64, progress: p => reports.Add(p));
        PostInWrites(capture, Turn(100), 4096);
        await capture.FinishAsync();

        Assert.NotEmpty(reports);
        var first = reports[0];
        Assert.True(first.Events > 0);
        Assert.True(first.WireBytes > 0);
    }
}
