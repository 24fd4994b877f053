using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CcTracer.Sse;
using CcTracer.Turns;

namespace CcTracer.Benchmarks;

/// <summary>
/// The streaming turn reassembler against the framework's pull parser over a ~1 MB Claude-like stream.
/// Targets: TurnAssembler at least 300 MB/s on one core and under 100 allocated bytes per delta event.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReassemblerConfig))]
public class ReassemblerBenchmarks
{
    private const int ChunkSize = 4096;
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup() => _stream = ReassemblerWorkload.Stream;

    [Benchmark(Baseline = true, Description = "SseParser + JsonDocument per event")]
    public int SseParser_JsonDocument()
    {
        int count = 0;
        foreach (SseItem<int> item in SseParser.Create(new MemoryStream(_stream, writable: false), static (_, data) =>
                 {
                     var reader = new Utf8JsonReader(data);
                     using JsonDocument document = JsonDocument.ParseValue(ref reader);
                     return document.RootElement.GetPropertyCount();
                 }).Enumerate())
        {
            count += item.Data;
        }

        return count;
    }

    [Benchmark(Description = "SseParser + Utf8JsonReader")]
    public long SseParser_Utf8JsonReader()
    {
        long tokens = 0;
        foreach (SseItem<int> item in SseParser.Create(new MemoryStream(_stream, writable: false), static (_, data) => CountTokens(data)).Enumerate())
        {
            tokens += item.Data;
        }

        return tokens;
    }

    [Benchmark(Description = "SsePushParser (4 KB chunks) + Utf8JsonReader")]
    public long SsePushParser_Utf8JsonReader()
    {
        var sink = new TokenWalkingSink();
        var parser = new SsePushParser(sink);
        ReadOnlySpan<byte> remaining = _stream;
        while (!remaining.IsEmpty)
        {
            int size = Math.Min(ChunkSize, remaining.Length);
            parser.Push(remaining[..size]);
            remaining = remaining[size..];
        }

        parser.Reset();
        return sink.Tokens;
    }

    [Benchmark(Description = "SseParser only (no JSON)")]
    public long SseParser_Only()
    {
        long bytes = 0;
        foreach (SseItem<int> item in SseParser.Create(new MemoryStream(_stream, writable: false), static (_, data) => data.Length).Enumerate())
        {
            bytes += item.Data;
        }

        return bytes;
    }

    [Benchmark(Description = "SsePushParser only (4 KB chunks, no JSON)")]
    public long SsePushParser_Only()
    {
        var sink = new DataLengthSink();
        var parser = new SsePushParser(sink);
        ReadOnlySpan<byte> remaining = _stream;
        while (!remaining.IsEmpty)
        {
            int size = Math.Min(ChunkSize, remaining.Length);
            parser.Push(remaining[..size]);
            remaining = remaining[size..];
        }

        parser.Reset();
        return sink.Bytes;
    }

    [Benchmark(Description = "TurnAssembler (4 KB chunks)")]
    public ApiTurn TurnAssembler_4KB_chunks()
    {
        var assembler = new TurnAssembler();
        ReadOnlySpan<byte> remaining = _stream;
        long ticks = 0;
        while (!remaining.IsEmpty)
        {
            int size = Math.Min(ChunkSize, remaining.Length);
            assembler.Append(remaining[..size], TimeSpan.FromTicks(ticks += 1000));
            remaining = remaining[size..];
        }

        return assembler.Complete(TimeSpan.FromTicks(ticks));
    }

    internal static int CountTokens(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        int tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
