using CcTracer.Sse;

namespace CcTracer.Benchmarks;

/// <summary>Touches only the data length: isolates the SSE framing cost from JSON work.</summary>
internal sealed class DataLengthSink : ISseEventSink
{
    public long Bytes { get; private set; }

    public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) => Bytes += data.Length;
}
