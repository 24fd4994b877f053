using System.Text;
using System.Text.Json;
using CcTracer.Core.Tests.Storage.Chunks;
using CcTracer.Core.Tests.Turns;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Storage.InFlight;

/// <summary>
/// A streaming response is persisted as it comes (<c>response_part</c> lines): a tracer that dies
/// mid-stream leaves a turn readers show as interrupted, and one that finishes stores its bytes once.
/// </summary>
public sealed class InterruptedResponseTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Parts_without_their_response_read_back_as_an_interrupted_turn()
    {
        var sse = SseVectors.Load("thinking-then-text.sse");
        var cut = sse.Length * 2 / 3;
        await using (var log = StoredRecords.NewLog(_dir.Path))
        {
            log.Append(new ApiRequestRecord("s", "x1", "POST", "/v1/messages", [], "{\"model\":\"m\"}"u8.ToArray()));
            Assert.True(log.AppendPart(new ResponsePartRecord("s", "x1", 0, sse.AsMemory(0, 100), 200, null)));
            Assert.True(log.AppendPart(new ResponsePartRecord("s", "x1", 100, sse.AsMemory(100, cut - 100), 200, null)));
            await log.FlushAsync(TestContext.Current.CancellationToken);

            // While this process still streams it, its own reader does not call it interrupted.
            var live = new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }), null, log);
            Assert.Single(await live.GetSummariesAsync("s", 0, TestContext.Current.CancellationToken));
        }

        // Read as after a kill -9: the file ends with the parts.
        var records = await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s.jsonl"));
        Assert.Equal(2, records.Count);
        var response = records[1];
        Assert.Equal(RecordTypes.ApiResponse, response.Type);
        Assert.Equal(2, response.Seq);
        Assert.True(response.Root.GetProperty("interrupted").GetBoolean());
        Assert.False(response.Root.GetProperty("complete").GetBoolean());
        Assert.Equal(sse[..cut], response.GetBody());
        Assert.Equal(sse[..cut], response.GetExactBody().Bytes);
        Assert.Equal("x1", response.Root.GetProperty("exchange_id").GetString());
        Assert.Equal(JsonValueKind.Object, response.Root.GetProperty("message").ValueKind);

        // A restarted server's index lists it, and its row says so.
        var reader = new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }));
        var summaries = await reader.GetSummariesAsync("s", 0, TestContext.Current.CancellationToken);
        Assert.Equal(2, summaries.Count);
        using var row = JsonDocument.Parse(summaries[1]);
        Assert.Contains("interrupted", row.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(sse[..cut], (await reader.FindAsync("s", 2, TestContext.Current.CancellationToken))!.GetBody());
    }

    [Fact]
    public async Task A_finished_response_refers_to_its_parts_and_closes_them()
    {
        var sse = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Encoding.UTF8.GetString(SseVectors.Load("thinking-then-text.sse")), 40)));
        var turn = SseVectors.Whole(sse);
        await using (var log = StoredRecords.NewLog(_dir.Path))
        {
            Assert.True(log.AppendPart(new ResponsePartRecord("s", "x1", 0, sse.AsMemory(0, 30_000), 200, null)));
            log.Append(new ApiResponseRecord("s", "x1", 200, []) { Streamed = true, CapturedBody = StoredResponseTests.Captured(sse, null), Turn = turn });
            await log.FlushAsync(TestContext.Current.CancellationToken);
        }

        var record = Assert.Single(await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s.jsonl")));
        Assert.False(record.Root.TryGetProperty("interrupted", out _));
        Assert.Equal(sse, record.GetBody());

        // The response's body is the persisted part's chunks and then the rest: not cut and written again.
        var lines = File.ReadAllLines(Path.Combine(_dir.Path, "s.jsonl"));
        using var part = JsonDocument.Parse(lines.Single(l => l.StartsWith("{\"type\":\"response_part\"", StringComparison.Ordinal)));
        using var stored = JsonDocument.Parse(lines.Single(l => l.Contains("\"type\":\"api_response\"", StringComparison.Ordinal)));
        var partIds = part.RootElement.GetProperty("body_chunks").EnumerateArray().Select(e => e.GetString()).ToList();
        var responseIds = stored.RootElement.GetProperty("body_chunks").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(partIds, responseIds.Take(partIds.Count));
        Assert.True(responseIds.Count > partIds.Count);
    }

    public void Dispose() => _dir.Dispose();
}
