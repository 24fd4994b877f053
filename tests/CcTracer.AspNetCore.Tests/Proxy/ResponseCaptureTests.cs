using System.Buffers;
using System.IO.Compression;
using System.Text;
using CcTracer.AspNetCore.Proxy;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Proxy;

/// <summary>The capture side alone: what it keeps and reassembles from the writes the tee hands it.</summary>
public sealed class ResponseCaptureTests : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cctracer-capture-" + Guid.NewGuid().ToString("N"));
    private readonly SessionLog _log;

    public ResponseCaptureTests()
    {
        var options = Options.Create(new TraceStoreOptions { LogDirectory = _dir });
        _log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions())));
    }

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

    private ResponseCapture Capture(string? encoding, int capacity) => new(_log, "s", "ex_1", 0, encoding, assembleTurn: true, capacity, maxBodyBytes: 512L * 1024 * 1024);

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
        using var gz = new MemoryStream();
        using (var zip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(plain);
        }

        using var capture = Capture("gzip", capacity: 16);
        PostInWrites(capture, gz.ToArray(), 1000);
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

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
