using System.Buffers;
using System.Text;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>Formats one SSE event of the Anthropic Messages stream.</summary>
internal static class SseWriter
{
    public static byte[] Event(string name, string json) => Encoding.UTF8.GetBytes($"event: {name}\ndata: {json}\n\n");

    public static void Event(IBufferWriter<byte> to, string name, string json) => to.Write(Event(name, json));
}
