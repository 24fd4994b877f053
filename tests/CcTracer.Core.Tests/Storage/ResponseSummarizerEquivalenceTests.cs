using System.Text;
using CcTracer.Core.Tests.Turns;
using CcTracer.Storage;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

/// <summary>
/// The live feed summarizes a written <c>api_response</c> from the record in memory; a page that
/// loads the session later summarizes the stored line. A row must look the same either way: the
/// two summaries are compared byte for byte.
/// </summary>
public sealed class ResponseSummarizerEquivalenceTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 18, 1, 2, 345, TimeSpan.Zero);

    public static TheoryData<string> Vectors => SseVectors.All;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_streamed_turn_is_summarized_from_memory_as_from_its_line(string vector)
    {
        var body = SseVectors.Load(vector);
        AssertSameSummary(Streamed(body, Assemble(body, fail: null)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_streamed_turn_whose_connection_failed_is_summarized_from_memory_as_from_its_line(string vector)
    {
        var body = SseVectors.Load(vector);
        var record = Streamed(body, Assemble(body, fail: "upstream cut the stream"), transportError: "upstream cut the stream");
        AssertSameSummary(record);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_streamed_turn_with_a_capture_fault_is_summarized_from_memory_as_from_its_line(string vector)
    {
        var body = SseVectors.Load(vector);
        var turn = Assemble(body, fail: null);
        AssertSameSummary(new ApiResponseRecord("s-1", "ex_1", 200, [new("content-type", "text/event-stream")])
        {
            Streamed = true,
            Body = body,
            Turn = turn,
            Error = "capture fell behind",
            TransportError = "client disconnected",
            Timestamp = At,
        });
    }

    [Theory]
    [MemberData(nameof(MessageVectors))]
    public void A_non_streamed_message_is_summarized_from_memory_as_from_its_line(string vector)
    {
        var body = Encoding.UTF8.GetBytes(SseVectors.LoadMessage(vector));
        AssertSameSummary(NonStreamed(body, 200));
    }

    public static TheoryData<string> MessageVectors => SseVectors.WithMessages;

    [Theory]
    [InlineData(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}""")]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"messages: \"é\" at 0","extra":{"a":1}}}""")]
    [InlineData(500, "not json at all")]
    [InlineData(200, """{"id":"msg_1","type":"message","role":"assistant","model":null,"content":[{"type":"text","text":42},{"type":"tool_use","id":"t1","name":"","input":{"command":""}}],"stop_reason":null,"usage":{"input_tokens":1.5,"output_tokens":null}}""")]
    public void A_non_streamed_error_or_odd_message_is_summarized_from_memory_as_from_its_line(int status, string json)
        => AssertSameSummary(NonStreamed(Encoding.UTF8.GetBytes(json), status));

    [Fact]
    public void An_exchange_without_a_turn_is_summarized_from_memory_as_from_its_line()
    {
        AssertSameSummary(new ApiResponseRecord("s-1", "ex_2", 502, [])
        {
            Complete = false,
            Error = "upstream unreachable",
            TimeToFirstByte = null,
            Total = TimeSpan.FromTicks(12_345_675),
            Timestamp = At,
        });
        AssertSameSummary(new ApiResponseRecord(null, "ex_3", 200, [new("request-id", "req_9")])
        {
            Body = Encoding.UTF8.GetBytes("""{"input_tokens":12}"""),
            TimeToFirstByte = TimeSpan.FromMilliseconds(3.0005),
            Total = TimeSpan.FromMilliseconds(4),
            TransportError = "client disconnected",
            Timestamp = At,
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_long_turn_held_in_chunks_is_summarized_from_memory_as_from_its_line(bool withToolCall)
    {
        // Texts over 64 KB are held as chunks; long tool inputs, escapes and multi-byte text test the preview's cut.
        var sse = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n");
        Block(sse, 0, "thinking", "thinking_delta", "thinking", 100_000);
        Block(sse, 1, "text", "text_delta", "text", 300_000);
        if (withToolCall)
        {
            ToolBlock(sse);
        }

        sse.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n");
        sse.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        var body = Encoding.UTF8.GetBytes(sse.ToString());
        AssertSameSummary(Streamed(body, Assemble(body, fail: null)));
    }

    private static void ToolBlock(StringBuilder sse)
    {
        var command = string.Concat(Enumerable.Repeat("echo \\\"é€😀\\\" && ", 40));
        sse.Append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{}}}\n\n");
        sse.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":")
            .Append(System.Text.Json.JsonSerializer.Serialize("{\"command\":\"" + command + "\"}")).Append("}}\n\n");
        sse.Append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n");
    }

    private static void Block(StringBuilder sse, int index, string type, string deltaType, string field, int chars)
    {
        sse.Append($"event: content_block_start\ndata: {{\"type\":\"content_block_start\",\"index\":{index},\"content_block\":{{\"type\":\"{type}\",\"{field}\":\"\"}}}}\n\n");
        for (var written = 0; written < chars; written += 40)
        {
            sse.Append($"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":{index},\"delta\":{{\"type\":\"{deltaType}\",\"{field}\":\"é€😀 \\\"q\\\" \\n w{written:D8} \"}}}}\n\n");
        }

        sse.Append($"event: content_block_stop\ndata: {{\"type\":\"content_block_stop\",\"index\":{index}}}\n\n");
    }

    private static ApiTurn Assemble(byte[] body, string? fail)
    {
        var assembler = new TurnAssembler();
        assembler.Append(body, TimeSpan.FromTicks(31_234_565));
        return fail is null ? assembler.Complete(TimeSpan.FromTicks(41_234_565)) : assembler.Fail(fail, TimeSpan.FromTicks(41_234_565));
    }

    private static ApiResponseRecord Streamed(byte[] body, ApiTurn turn, string? transportError = null) => new("s-1", "ex_1", 200, [new("content-type", "text/event-stream")])
    {
        Streamed = true,
        TransportError = transportError,
        Body = body,
        Turn = turn,
        Timestamp = At,
    };

    private static ApiResponseRecord NonStreamed(byte[] body, int status) => new("s-1", "ex_1", status, [new("content-type", "application/json")])
    {
        Body = body,
        Turn = TurnAssembler.FromJsonResponse(body, status, TimeSpan.FromMilliseconds(2.5), TimeSpan.FromTicks(70_000_005)),
        Timestamp = At,
    };

    private static void AssertSameSummary(ApiResponseRecord record)
    {
        var line = RecordSerializer.ToLine(7, RecordSerializer.SerializeFields(record));
        var fromLine = Encoding.UTF8.GetString(RecordSummarizer.Summarize(line));
        var fromMemory = Encoding.UTF8.GetString(ResponseSummarizer.Summarize(record, 7, line.Length));
        Assert.Equal(fromLine, fromMemory);
    }
}
