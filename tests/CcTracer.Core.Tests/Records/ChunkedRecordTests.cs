using CcTracer.Capture;
using System.Buffers;
using System.Text;
using System.Text.Json;
using CcTracer.Buffers;
using CcTracer.Live;
using CcTracer.Core.Tests.Storage;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Records;

/// <summary>Large bodies travel as pooled chunks from capture to the file; the line must be the same as from one array.</summary>
public sealed class ChunkedRecordTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static byte[] SseBody(int bytes)
    {
        // Multi-byte characters and escapes land on chunk boundaries as the body grows.
        var sb = new StringBuilder();
        for (var i = 0; sb.Length < bytes; i++)
        {
            sb.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"é€😀 \\\"q\\\" ").Append(i).Append("\"}}\n\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static ChunkedBuffer Chunked(byte[] body)
    {
        var buffer = new ChunkedBuffer();
        for (var at = 0; at < body.Length; at += 4093)
        {
            buffer.Write(body.AsSpan(at, Math.Min(4093, body.Length - at)));
        }

        return buffer;
    }

    private static ApiResponseRecord Response(bool streamed, ReadOnlyMemory<byte> body, ReadOnlySequence<byte> chunks, DateTimeOffset at)
        => new("s", "ex_1", 200, [new("content-type", streamed ? "text/event-stream" : "application/json")])
        {
            Streamed = streamed,
            Body = body,
            BodyChunks = chunks,
            Timestamp = at,
        };

    [Theory]
    [InlineData(true, 10)]
    [InlineData(true, 70_000)]
    [InlineData(true, 1_000_000)]
    [InlineData(false, 300_000)]
    public void Chunked_body_serializes_exactly_like_the_same_body_in_one_array(bool streamed, int size)
    {
        var body = streamed ? SseBody(size) : Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', size) + "\"}");
        using var chunks = Chunked(body);
        var at = DateTimeOffset.UtcNow;

        var fromArray = RecordSerializer.SerializeFields(Response(streamed, body, default, at));
        var fromChunks = RecordSerializer.SerializeFields(Response(streamed, default, chunks.AsSequence(), at));

        Assert.Equal(fromArray, fromChunks);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes("{").Concat(fromChunks).ToArray());
        Assert.Equal(body, BodyJson.Read(doc.RootElement));
    }

    [Fact]
    public void Invalid_utf8_split_across_chunks_is_kept_as_base64()
    {
        // A valid 4-byte sequence straddles the first boundary; a lone continuation byte sits past the second.
        var body = new byte[(2 * ChunkedBuffer.ChunkSize) + 10];
        body.AsSpan().Fill((byte)'a');
        "😀"u8.CopyTo(body.AsSpan(ChunkedBuffer.ChunkSize - 2));
        body[(2 * ChunkedBuffer.ChunkSize) + 3] = 0x80;
        using var chunks = Chunked(body);

        var fields = RecordSerializer.SerializeFields(Response(true, default, chunks.AsSequence(), DateTimeOffset.UtcNow));
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes("{").Concat(fields).ToArray());

        Assert.True(doc.RootElement.TryGetProperty("body_base64", out _));
        Assert.Equal(body, BodyJson.Read(doc.RootElement));
    }

    [Fact]
    public void Valid_utf8_split_across_chunks_stays_text()
    {
        var body = new byte[ChunkedBuffer.ChunkSize + 10];
        body.AsSpan().Fill((byte)'a');
        "😀"u8.CopyTo(body.AsSpan(ChunkedBuffer.ChunkSize - 1));
        using var chunks = Chunked(body);

        var fields = RecordSerializer.SerializeFields(Response(true, default, chunks.AsSequence(), DateTimeOffset.UtcNow));
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes("{").Concat(fields).ToArray());

        Assert.Equal(Encoding.UTF8.GetString(body), doc.RootElement.GetProperty("body_text").GetString());
    }

    [Fact]
    public async Task A_record_larger_than_one_chunk_reaches_the_file_whole_and_in_order()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path });
        var big = SseBody(3_000_000);
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            using var chunks = Chunked(big);
            Assert.True(log.Append(new HookRecord("s", "PreToolUse", "toolu_1", "{\"i\":1}"u8.ToArray())));
            Assert.True(log.Append(Response(true, default, chunks.AsSequence(), DateTimeOffset.UtcNow)));
            Assert.True(log.Append(new HookRecord("s", "PostToolUse", "toolu_1", "{\"i\":2}"u8.ToArray())));
        }

        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(Path.Combine(_dir.Path, "s.jsonl"), 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Seq));
        Assert.Equal([RecordTypes.Hook, RecordTypes.ApiResponse, RecordTypes.Hook], records.Select(r => r.Type));
        Assert.Equal(Encoding.UTF8.GetString(big), records[1].Root.GetProperty("body_text").GetString());
    }

    // The body as the proxy hands it over: the forwarded bytes in a captured wire.
    private static CapturedBody Captured(byte[] body)
    {
        var wire = new CapturedWire(long.MaxValue, maxArrivals: 64);
        for (var at = 0; at < body.Length; at += 4093)
        {
            wire.Append(body.AsSpan(at, Math.Min(4093, body.Length - at)), TimeSpan.Zero);
        }

        wire.Complete();
        return new CapturedBody(wire, new ChunkedBuffer());
    }

    private static (ApiResponseRecord Record, CapturedBody Owner, string Text) DeferredTurnRecord(DateTimeOffset at)
    {
        // A long streamed turn: the body in chunks, the text chunked in the turn too.
        var sse = new StringBuilder();
        var text = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (var i = 0; text.Length < 300_000; i++)
        {
            var piece = $"é€😀 word{i} ";
            text.Append(piece);
            sse.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"").Append(piece).Append("\"}}\n\n");
        }

        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sse.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n");
        sse.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        var body = Encoding.UTF8.GetBytes(sse.ToString());
        var assembler = new CcTracer.Turns.TurnAssembler();
        assembler.Append(body, TimeSpan.Zero);
        var turn = assembler.Complete(TimeSpan.FromSeconds(1));
        var owner = Captured(body);
        var record = new ApiResponseRecord("s", "ex_1", 200, [new("content-type", "text/event-stream")])
        {
            Streamed = true,
            CapturedBody = owner,
            Turn = turn,
            Timestamp = at,
        };
        return (record, owner, text.ToString());
    }

    [Fact]
    public async Task A_deferred_record_is_written_by_the_log_as_its_serialization_and_frees_its_body_after()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path });
        var at = DateTimeOffset.UtcNow;
        var (record, owner, text) = DeferredTurnRecord(at);
        var (twin, twinOwner, _) = DeferredTurnRecord(at);
        var expected = RecordSerializer.ToLine(2, RecordSerializer.SerializeFields(twin));
        twinOwner.Dispose();
        var feed = new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()));
        using var subscription = feed.Subscribe("s");
        await using (var log = new SessionLog(options, feed))
        {
            Assert.True(log.Append(new HookRecord("s", "UserPromptSubmit", null, "{\"prompt\":\"hi\"}"u8.ToArray())));
            Assert.True(log.Append(record));
            await log.FlushAsync(TestContext.Current.CancellationToken);
            Assert.True(owner.IsDisposed);
        }

        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(Path.Combine(_dir.Path, "s.jsonl"), 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        // Read back, the record is its serialization (the message rebuilt from the stored stream),
        // plus the digest of the body taken when it was written.
        Assert.Equal(2, records.Count);
        var read = System.Text.Json.Nodes.JsonNode.Parse(records[1].Line.Span)!.AsObject();
        Assert.Matches("^[0-9a-f]{64}$", (string)read["body_sha256"]!);
        read.Remove("body_sha256");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), read), Encoding.UTF8.GetString(records[1].Line.Span));
        Assert.Equal(text, records[1].Root.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());

        // The live row says what the stored line says, though it was summarized without the body.
        var summaries = new List<byte[]>();
        while (subscription.Reader.TryRead(out var item))
        {
            if (item.Event == "record")
            {
                summaries.Add(item.Data.ToArray());
            }
        }

        Assert.Equal(2, summaries.Count);
        var stored = File.ReadAllLines(Path.Combine(_dir.Path, "s.jsonl")).Last();
        Assert.Equal(RecordSummarizer.Summarize(records[1].Line.Span, Encoding.UTF8.GetByteCount(stored)), summaries[1]);
    }

    [Fact]
    public async Task A_deferred_record_the_log_cannot_take_still_frees_its_body()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path });
        var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions())));
        await log.DisposeAsync();
        var (record, owner, _) = DeferredTurnRecord(DateTimeOffset.UtcNow);

        Assert.False(log.Append(record));
        Assert.True(owner.IsDisposed);
    }

    public void Dispose() => _dir.Dispose();
}
