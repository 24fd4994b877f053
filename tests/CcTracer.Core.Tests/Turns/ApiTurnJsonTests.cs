using System.Text;
using System.Text.Json;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

public sealed class ApiTurnJsonTests
{
    private static JsonElement WriteRecord(ApiTurn turn)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            turn.WriteRecordProperties(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement;
    }

    [Fact]
    public void Record_properties_use_the_schema_names_and_millisecond_doubles()
    {
        var assembler = new TurnAssembler();
        string[] frames = Encoding.UTF8.GetString(SseVectors.Load("parallel-tool-use.sse")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < frames.Length; i++)
        {
            assembler.Append(Encoding.UTF8.GetBytes(frames[i] + "\n\n"), TimeSpan.FromTicks(12_345_678 + (i * 10_000)));
        }

        JsonElement record = WriteRecord(assembler.Complete(TimeSpan.FromSeconds(3)));

        Assert.Equal(frames.Length, record.GetProperty("event_offsets_ms").GetArrayLength());
        Assert.Equal(1234.568, record.GetProperty("event_offsets_ms")[0].GetDouble());
        Assert.True(record.GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
        Assert.Equal("msg_01ParallelTools", record.GetProperty("message").GetProperty("id").GetString());
        Assert.Equal(142, record.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        JsonElement timings = record.GetProperty("timings");
        Assert.Equal(1234.568, timings.GetProperty("ttfb_ms").GetDouble());
        Assert.Equal(1236.568, timings.GetProperty("ttft_ms").GetDouble());
        Assert.Equal(3000, timings.GetProperty("total_ms").GetDouble());
        JsonElement block = timings.GetProperty("blocks")[1];
        Assert.Equal(1, block.GetProperty("index").GetInt32());
        Assert.Equal("tool_use", block.GetProperty("type").GetString());
        Assert.Equal(1238.568, block.GetProperty("start_ms").GetDouble());
        Assert.Equal(JsonValueKind.Array, timings.GetProperty("stalls").ValueKind);
    }

    [Fact]
    public void Non_streamed_turn_has_no_event_offsets_and_null_ttft()
    {
        ApiTurn turn = TurnAssembler.FromJsonResponse("""{"type":"error","error":{"type":"api_error","message":"boom"}}"""u8, 500, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));

        JsonElement record = WriteRecord(turn);

        Assert.False(record.TryGetProperty("event_offsets_ms", out _));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("message").ValueKind);
        Assert.Equal("boom", record.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("timings").GetProperty("ttft_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("usage").ValueKind);
    }
}
