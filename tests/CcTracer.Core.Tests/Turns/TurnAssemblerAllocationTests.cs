using System.Text;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

public sealed class TurnAssemblerAllocationTests
{
    [Fact]
    public void A_delta_event_allocates_under_100_bytes()
    {
        var sb = new StringBuilder();
        sb.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"output_tokens\":1}}}\n\n");
        sb.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        byte[] head = Encoding.UTF8.GetBytes(sb.ToString());
        sb.Clear();
        const int Deltas = 20_000;
        for (int i = 0; i < Deltas; i++)
        {
            sb.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"caf\\u00e9 \\\"token\\\" ");
            sb.Append(i).Append(" 日本\"}}\n\n");
        }

        byte[] deltas = Encoding.UTF8.GetBytes(sb.ToString());

        // Warm up code paths and the array pool with an identical turn first.
        Feed(head, deltas);

        var assembler = new TurnAssembler();
        assembler.Append(head, TimeSpan.Zero);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int at = 0; at < deltas.Length; at += 4096)
        {
            assembler.Append(deltas.AsSpan(at, Math.Min(4096, deltas.Length - at)), TimeSpan.FromMilliseconds(at));
        }

        long perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / Deltas;
        Assert.True(perEvent < 100, $"{perEvent} bytes per delta event");
        Assert.Equal(Deltas + 2, assembler.EventCount);
    }

    private static void Feed(byte[] head, byte[] deltas)
    {
        var assembler = new TurnAssembler();
        assembler.Append(head, TimeSpan.Zero);
        assembler.Append(deltas, TimeSpan.Zero);
        assembler.Complete(TimeSpan.Zero);
    }
}
