using System.Text;
using System.Text.Json.Nodes;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

/// <summary>
/// The stream of 2026 (server and MCP tools, container uploads, compaction, fallback, cumulative
/// message_delta frames, the newer stop reasons) rebuilds into exactly the Message the
/// non-streaming API returns, however the bytes are cut.
/// </summary>
public sealed class NonStreamingShapeTests
{
    [Theory]
    [MemberData(nameof(SseVectors.WithMessages), MemberType = typeof(SseVectors))]
    public void The_rebuilt_message_equals_the_non_streaming_message(string vector)
    {
        JsonNode expected = JsonNode.Parse(SseVectors.LoadMessage(vector))!;
        byte[] stream = SseVectors.Load(vector);

        foreach (ApiTurn turn in new[] { SseVectors.Whole(stream), SseVectors.ByteAtATime(stream), SseVectors.RandomChunks(stream, new Random(7)) })
        {
            Assert.True(turn.IsComplete, turn.Error);
            Assert.Empty(turn.Warnings);
            Assert.False(turn.IsDamaged);
            Assert.True(JsonNode.DeepEquals(expected, turn.Message), $"expected\n{expected.ToJsonString()}\nrebuilt\n{turn.Message?.ToJsonString()}");
            Assert.Equal(expected["stop_reason"]!.GetValue<string>(), turn.StopReason);
        }
    }

    [Fact]
    public void Compaction_content_longer_than_a_chunk_is_rebuilt_whole()
    {
        string piece = new('x', 5000);
        var sse = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"usage\":{}}}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"compaction\",\"content\":\"\"}}\n\n");
        for (int i = 0; i < 40; i++)
        {
            sse.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"compaction_delta\",\"content\":\"").Append(piece).Append("\\n\"}}\n\n");
        }

        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        ApiTurn turn = SseVectors.Whole(Encoding.UTF8.GetBytes(sse.ToString()));

        Assert.Equal(string.Concat(Enumerable.Repeat(piece + "\n", 40)), turn.Message!["content"]![0]!["content"]!.GetValue<string>());
    }
}
