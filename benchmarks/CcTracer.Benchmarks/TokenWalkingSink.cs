using System.Text.Json;
using CcTracer.Sse;

namespace CcTracer.Benchmarks;

/// <summary>Reads every JSON token of every event, the same work the SseParser+Utf8JsonReader benchmark does.</summary>
internal sealed class TokenWalkingSink : ISseEventSink
{
    public long Tokens { get; private set; }

    public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) => Tokens += ReassemblerBenchmarks.CountTokens(data);
}
