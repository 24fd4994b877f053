using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Buffers;
using CcTracer.Capture;
using CcTracer.Core.Tests.Turns;
using CcTracer.Live;
using CcTracer.Storage;
using CcTracer.Turns;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Storage.Chunks;

/// <summary>
/// Schema v2 stores a response's wire bytes once: the rebuilt message is not written but derived on
/// read, and reads back as v1 had it.
/// </summary>
public sealed class StoredResponseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [MemberData(nameof(SseVectors.All), MemberType = typeof(SseVectors))]
    public async Task A_streamed_message_is_rebuilt_on_read_as_capture_built_it(string vector)
    {
        var sse = SseVectors.Load(vector);
        var live = SseVectors.ByteAtATime(sse);
        var expected = new ApiResponseRecord("s", "x", 200, []) { Streamed = true, Body = sse, Turn = live };
        var expectedLine = JsonNode.Parse(RecordSerializer.ToLine(1, RecordSerializer.SerializeFields(expected)))!.AsObject();

        await WriteAsync(new ApiResponseRecord("s", "x", 200, []) { Streamed = true, CapturedBody = Captured(sse, null), Turn = SseVectors.ByteAtATime(sse), Timestamp = expected.Timestamp });

        var stored = File.ReadAllLines(Path.Combine(_dir.Path, "s.jsonl")).Last();
        Assert.Contains("\"message_from_body\":true", stored, StringComparison.Ordinal);
        var record = Assert.Single(await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s.jsonl")));
        var read = JsonNode.Parse(record.Line.Span)!.AsObject();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sse)), (string)read["body_sha256"]!);
        read.Remove("body_sha256");
        Assert.True(JsonNode.DeepEquals(expectedLine, read), $"{expectedLine.ToJsonString()}\n{read.ToJsonString()}");
        Assert.Equal(sse, record.GetBody());
    }

    [Fact]
    public async Task A_gzip_response_keeps_the_bytes_the_client_got_and_reads_decoded()
    {
        var sse = SseVectors.Load("thinking-then-text.sse");
        var gzip = Gzip(sse);
        await WriteAsync(new ApiResponseRecord("s", "x", 200, [new("content-encoding", "gzip")])
        {
            Streamed = true,
            ContentEncoding = "gzip",
            WireBytes = gzip.Length,
            CapturedBody = Captured(gzip, sse),
            Turn = SseVectors.Whole(sse),
        });

        var record = Assert.Single(await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s.jsonl")));
        Assert.Equal(sse, record.GetBody());
        Assert.Equal(sse.Length, record.Root.GetProperty("body_bytes").GetInt64());
        var exact = record.GetExactBody();
        Assert.True(exact.Exact);
        Assert.Equal(gzip, exact.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(gzip)), exact.Sha256);
        Assert.Equal(JsonNode.Parse(SseVectors.Whole(sse).Message!.ToJsonString())!.ToJsonString(), JsonNode.Parse(record.Root.GetProperty("message").GetRawText())!.ToJsonString());
    }

    [Fact]
    public async Task A_truncated_stream_keeps_its_message_as_captured()
    {
        var sse = SseVectors.Load("thinking-then-text.sse");
        await WriteAsync(new ApiResponseRecord("s", "x", 200, []) { Streamed = true, Body = sse, BodyTruncated = true, Turn = SseVectors.Whole(sse) });

        var stored = File.ReadAllLines(Path.Combine(_dir.Path, "s.jsonl")).Last();
        Assert.DoesNotContain("message_from_body", stored, StringComparison.Ordinal);
        Assert.Contains("\"message\":{", stored, StringComparison.Ordinal);
        Assert.Equal(sse, Assert.Single(await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s.jsonl"))).GetBody());
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    internal static CapturedBody Captured(byte[] wireBytes, byte[]? decoded)
    {
        var wire = new CapturedWire(long.MaxValue, maxArrivals: 64);
        for (var at = 0; at < wireBytes.Length; at += 997)
        {
            wire.Append(wireBytes.AsSpan(at, Math.Min(997, wireBytes.Length - at)), TimeSpan.Zero);
        }

        wire.Complete();
        var buffer = new ChunkedBuffer();
        if (decoded is not null)
        {
            buffer.Write(decoded);
        }

        return new CapturedBody(wire, buffer) { KeptDecoded = decoded is not null };
    }

    private async Task WriteAsync(TraceRecord record)
    {
        await using var log = StoredRecords.NewLog(_dir.Path);
        Assert.True(log.Append(record));
    }

    public void Dispose() => _dir.Dispose();
}
