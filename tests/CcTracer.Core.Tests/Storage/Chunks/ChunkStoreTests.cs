using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Storage.Chunks;

/// <summary>Schema v2 keeps request bodies as content-defined chunks: each new part once, every body exactly.</summary>
public sealed class ChunkStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Growing_requests_store_what_is_new_once_and_read_back_exactly()
    {
        // Each request resends the one before plus a new turn, as Claude Code does; a subagent's
        // conversation interleaves with the main one.
        var main = GrowingBodies(80);
        var subagent = GrowingBodies(40, "subagent");
        var bodies = main.Take(40).Concat(subagent.Zip(main.Skip(40)).SelectMany(p => new[] { p.First, p.Second })).ToList();
        await WriteRequestsAsync("s-grow", bodies);

        var records = await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s-grow.jsonl"));
        Assert.Equal(bodies.Count, records.Count);
        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.Equal(bodies[i], records[i].GetBody());
            var exact = records[i].GetExactBody();
            Assert.True(exact.Exact);
            Assert.Equal(bodies[i], exact.Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bodies[i])), exact.Sha256);
            Assert.Equal(2, records[i].SchemaVersion);
        }

        var carried = bodies.Sum(b => (long)b.Length);
        var onDisk = new FileInfo(Path.Combine(_dir.Path, "s-grow.jsonl")).Length;
        Assert.True(onDisk * 10 < carried, $"{onDisk} bytes on disk for {carried} carried");

        // The last request's record lists only what is new, not its ~150 chunk ids.
        var lastRequest = File.ReadAllLines(Path.Combine(_dir.Path, "s-grow.jsonl")).Last(l => l.Contains("\"api_request\"", StringComparison.Ordinal));
        Assert.True(lastRequest.Length < 1000, lastRequest);
    }

    [Fact]
    public async Task Every_line_is_json_and_bodies_of_any_bytes_come_back()
    {
        var binary = new byte[5000];
        new Random(7).NextBytes(binary);
        var multiline = Encoding.UTF8.GetBytes("{\n  \"messages\": [\"é 😀 ü\"],\n  \"x\": \"" + new string('z', 3000) + "\"\n}\n");
        await WriteRequestsAsync("s-any", [binary, multiline, [], "{\"a\":1}"u8.ToArray()]);

        foreach (var line in File.ReadAllLines(Path.Combine(_dir.Path, "s-any.jsonl")))
        {
            using var _ = JsonDocument.Parse(line);
        }

        var records = await StoredRecords.ReadAllAsync(Path.Combine(_dir.Path, "s-any.jsonl"));
        Assert.Equal(binary, records[0].GetBody());
        Assert.Equal(multiline, records[1].GetBody());
        Assert.Equal(multiline, records[1].GetExactBody().Bytes);
        Assert.Empty(records[2].GetBody());
        Assert.Equal("{\"a\":1}", records[3].Root.GetProperty("body").GetRawText());
    }

    [Fact]
    public async Task A_record_fetched_by_seq_and_summaries_see_the_body()
    {
        var bodies = GrowingBodies(5);
        await WriteRequestsAsync("s-find", bodies);
        var reader = new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }));

        var record = await reader.FindAsync("s-find", 3, TestContext.Current.CancellationToken);
        Assert.Equal(bodies[2], record!.GetBody());
        var line = await reader.FindLineAsync("s-find", 3, TestContext.Current.CancellationToken);
        Assert.Equal(bodies[2], JsonDocumentBody(line!.Value));

        var summaries = await reader.GetSummariesAsync("s-find", 0, TestContext.Current.CancellationToken);
        Assert.Equal(5, summaries.Count);
        using var last = JsonDocument.Parse(summaries[4]);
        Assert.StartsWith("turn 4 main " + new string('q', 40), last.RootElement.GetProperty("preview").GetString(), StringComparison.Ordinal);
        Assert.Equal([5L], await reader.SearchAsync("s-find", "turn 4 ", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_cut_never_splits_a_utf8_sequence_and_segments_cut_like_one_span()
    {
        var random = new Random(5);
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(_ => random.Next(4) switch { 0 => "é", 1 => "😀", 2 => "中", _ => "a" })));
        var whole = Cuts(new ReadOnlySequence<byte>(text));
        Assert.All(whole, c => Assert.True(Utf8.IsValid(c)));
        Assert.True(whole.Count > 10);

        var segmented = Cuts(Segmented(text, 1000));
        Assert.Equal(whole.Select(Convert.ToHexString), segmented.Select(Convert.ToHexString));
    }

    [Fact]
    public void The_same_content_is_cut_the_same_wherever_it_lies()
    {
        var content = new byte[200_000];
        new Random(3).NextBytes(content);
        var shifted = new byte[777].Concat(content).ToArray();

        var a = Cuts(new ReadOnlySequence<byte>(content)).Select(Convert.ToHexString).ToHashSet();
        var b = Cuts(new ReadOnlySequence<byte>(shifted)).Select(Convert.ToHexString).ToList();

        Assert.True(b.Count(a.Contains) >= b.Count - 3, $"{b.Count(a.Contains)} of {b.Count} shared");
    }

    [Fact]
    public async Task A_v1_log_reads_as_it_is_stored()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(path, 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        Assert.Equal(lines.Count, records.Count);
        Assert.All(records, r => Assert.Equal(1, r.SchemaVersion));
        Assert.Equal(lines, records.Select(r => Encoding.UTF8.GetString(r.Line.Span)));
        var request = records.First(r => r.Type == "api_request");
        Assert.Equal(request.GetBody(), request.GetExactBody().Bytes);
        Assert.True(records.First(r => r.Type == "api_response").Root.TryGetProperty("message", out _));
    }

    internal static List<byte[]> GrowingBodies(int count, string agent = "main")
    {
        var system = agent + new string('s', 20_000);
        var messages = new List<string>();
        var bodies = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            messages.Add($"{{\"role\":\"user\",\"content\":[{{\"type\":\"text\",\"text\":\"turn {i} {agent} {new string('q', 40)} {Guid.NewGuid()} {new string((char)('a' + (i % 26)), 3000)}\"}}]}}");
            bodies.Add(Encoding.UTF8.GetBytes($"{{\"model\":\"m\",\"system\":\"{system}\",\"messages\":[{string.Join(',', messages)}],\"stream\":true}}"));
        }

        return bodies;
    }

    private static byte[] JsonDocumentBody(ReadOnlyMemory<byte> line)
    {
        using var doc = JsonDocument.Parse(line);
        return Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("body").GetRawText());
    }

    private async Task WriteRequestsAsync(string session, IEnumerable<byte[]> bodies)
    {
        await using var log = StoredRecords.NewLog(_dir.Path);
        var n = 0;
        foreach (var body in bodies)
        {
            Assert.True(log.Append(new ApiRequestRecord(session, $"x{n++}", "POST", "/v1/messages", [], body)));
        }
    }

    private static List<byte[]> Cuts(ReadOnlySequence<byte> data)
    {
        var cuts = new List<byte[]>();
        ContentChunker.Split(data, cuts, static (chunk, list) => list.Add(chunk.ToArray()));
        return cuts;
    }

    private static ReadOnlySequence<byte> Segmented(byte[] data, int size)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < data.Length; at += size)
        {
            var next = new Segment(data.AsMemory(at, Math.Min(size, data.Length - at)), at);
            first ??= next;
            if (last is not null)
            {
                last.SetNext(next);
            }

            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public void Dispose() => _dir.Dispose();

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
