using System.Text;
using System.Text.Json.Nodes;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

public sealed class TurnAssemblerTests
{
    private static ApiTurn Assemble(string vector) => SseVectors.Whole(SseVectors.Load(vector));

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public void Thinking_block_keeps_its_text_and_signature_and_text_follows()
    {
        ApiTurn turn = Assemble("thinking-then-text.sse");

        Assert.True(turn.IsComplete);
        Assert.Null(turn.Error);
        JsonArray content = turn.Message!["content"]!.AsArray();
        Assert.Equal(2, content.Count);
        Assert.Equal("thinking", Str(content[0]!["type"]));
        Assert.Equal("The user wants me to run `echo hi`. That is harmless; I'll just answer with \"hi\".\nNo tool needed.", Str(content[0]!["thinking"]));
        Assert.StartsWith("EqQBCkYIBRgCIkDx7yq0", Str(content[0]!["signature"]), StringComparison.Ordinal);
        Assert.Equal("Running it gives:\n\n```\nhi\n```\nDone \u2014 that's all.", Str(content[1]!["text"]));
        Assert.Equal("msg_01ThinkThenText", Str(turn.Message["id"]));
        Assert.Equal("claude-opus-4-8", Str(turn.Message["model"]));
    }

    [Fact]
    public void Usage_from_message_start_is_merged_with_message_delta()
    {
        ApiTurn turn = Assemble("thinking-then-text.sse");

        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal("end_turn", Str(turn.Message!["stop_reason"]));
        Assert.Equal(87, turn.Usage!["output_tokens"]!.GetValue<int>());
        Assert.Equal(18650, turn.Usage["cache_read_input_tokens"]!.GetValue<int>());
        Assert.Equal("standard", Str(turn.Usage["service_tier"]));
        Assert.Equal(3201, turn.Usage["cache_creation"]!["ephemeral_5m_input_tokens"]!.GetValue<int>());
        Assert.Same(turn.Usage, turn.Message["usage"]);
    }

    [Fact]
    public void Every_event_is_counted_with_its_type_including_ping()
    {
        var assembler = new TurnAssembler();
        byte[] stream = SseVectors.Load("thinking-then-text.sse");
        string[] frames = Encoding.UTF8.GetString(stream).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < frames.Length; i++)
        {
            assembler.Append(Encoding.UTF8.GetBytes(frames[i] + "\n\n"), TimeSpan.FromMilliseconds(10 * (i + 1)));
            Assert.Equal(i + 1, assembler.EventCount);
        }

        ApiTurn turn = assembler.Complete(TimeSpan.FromMilliseconds(500));

        Assert.Equal(frames.Length, turn.Events.Count);
        Assert.Equal("message_start", turn.Events[0].Type);
        Assert.Equal("ping", turn.Events[2].Type);
        Assert.Equal("message_stop", turn.Events[^1].Type);
        for (int i = 0; i < turn.Events.Count; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(10 * (i + 1)), turn.Events[i].Offset);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(10), turn.Timings.TimeToFirstByte);
        Assert.Equal(TimeSpan.FromMilliseconds(40), turn.Timings.TimeToFirstToken);
        Assert.Equal(TimeSpan.FromMilliseconds(500), turn.Timings.Total);
        Assert.Equal([new BlockTiming(0, "thinking", TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80)),
                      new BlockTiming(1, "text", TimeSpan.FromMilliseconds(90), TimeSpan.FromMilliseconds(130))], turn.Timings.Blocks);
    }

    [Fact]
    public void Output_chars_count_text_thinking_and_input_json_but_not_signatures()
    {
        var assembler = new TurnAssembler();
        assembler.Append(SseVectors.Load("utf8-multibyte.sse"), TimeSpan.Zero);

        // UTF-16 lengths: the escaped and raw emoji count as two chars each, like the strings the UI shows.
        ApiTurn turn = assembler.Complete(TimeSpan.Zero);
        JsonArray content = turn.Message!["content"]!.AsArray();
        long expected = Str(content[0]!["thinking"]).Length + Str(content[1]!["text"]).Length;
        Assert.Equal(expected, assembler.OutputChars);
    }

    [Fact]
    public void Parallel_tool_calls_get_their_input_parsed_from_split_fragments()
    {
        ApiTurn turn = Assemble("parallel-tool-use.sse");

        Assert.True(turn.IsComplete);
        Assert.Equal("tool_use", turn.StopReason);
        JsonArray content = turn.Message!["content"]!.AsArray();
        Assert.Equal(3, content.Count);
        Assert.Equal("toolu_01Bash", Str(content[1]!["id"]));
        Assert.Equal("echo \"hi\" && ls -la /tmp", Str(content[1]!["input"]!["command"]));
        Assert.Equal("Say hi and list /tmp \u2014 caf\u00e9", Str(content[1]!["input"]!["description"]));
        Assert.Equal("/etc/hostname", Str(content[2]!["input"]!["file_path"]));
        Assert.Equal(20, content[2]!["input"]!["limit"]!.GetValue<int>());
        Assert.Empty(turn.InvalidInputBlocks);
        Assert.Empty(turn.Warnings);
    }

    [Fact]
    public void Tool_call_without_input_fragments_gets_an_empty_object()
    {
        ApiTurn turn = Assemble("empty-tool-input.sse");

        JsonArray content = turn.Message!["content"]!.AsArray();
        Assert.Equal("{}", content[0]!["input"]!.ToJsonString());
        Assert.Equal("{}", content[1]!["input"]!.ToJsonString());
        Assert.True(turn.IsComplete);
    }

    [Fact]
    public void Invalid_tool_input_is_kept_raw_and_flagged()
    {
        ApiTurn turn = Assemble("invalid-tool-input.sse");

        JsonNode input = turn.Message!["content"]![0]!["input"]!;
        Assert.Equal("{\"command\": \"ls\", \"descr", input.GetValue<string>());
        Assert.True(turn.IsInputInvalid(0));
        Assert.Equal([0], turn.InvalidInputBlocks);
        Assert.Contains(turn.Warnings, w => w.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.True(turn.IsComplete);
    }

    [Fact]
    public void Citations_delta_is_appended_to_the_text_block()
    {
        ApiTurn turn = Assemble("citations.sse");

        JsonArray content = turn.Message!["content"]!.AsArray();
        Assert.Empty(content[0]!["citations"]!.AsArray());
        JsonArray citations = content[1]!["citations"]!.AsArray();
        Assert.Single(citations);
        Assert.Equal("The grass is green. ", Str(citations[0]!["cited_text"]));
        Assert.Equal("char_location", Str(citations[0]!["type"]));
        Assert.Equal("the grass is green", Str(content[1]!["text"]));
    }

    [Fact]
    public void Error_event_makes_the_turn_incomplete_and_keeps_the_error()
    {
        ApiTurn turn = Assemble("error-overloaded.sse");

        Assert.False(turn.IsComplete);
        Assert.Equal("Overloaded", turn.Error);
        Assert.Equal("overloaded_error", Str(turn.ErrorObject!["type"]));
        Assert.Equal("Let me look into that", Str(turn.Message!["content"]![0]!["text"]));
        Assert.Equal("error", turn.Events[^1].Type);
    }

    [Fact]
    public void Truncated_stream_yields_incomplete_turn_with_content_so_far()
    {
        ApiTurn turn = Assemble("truncated.sse");

        Assert.False(turn.IsComplete);
        Assert.Contains("truncated", turn.Error, StringComparison.Ordinal);
        JsonArray content = turn.Message!["content"]!.AsArray();
        Assert.Equal("Checking.", Str(content[0]!["text"]));
        Assert.Equal("{\"command\": \"git st", content[1]!["input"]!.GetValue<string>());
        Assert.True(turn.IsInputInvalid(1));
        Assert.Null(turn.Timings.Blocks[1].End);
        Assert.Contains(turn.Warnings, w => w.Contains("never stopped", StringComparison.Ordinal));
        Assert.Contains(turn.Warnings, w => w.Contains("ended inside an event", StringComparison.Ordinal));
    }

    [Fact]
    public void Fail_returns_an_incomplete_turn_with_what_arrived()
    {
        var assembler = new TurnAssembler();
        byte[] stream = SseVectors.Load("thinking-then-text.sse");
        assembler.Append(stream.AsSpan(0, stream.Length / 2), TimeSpan.FromMilliseconds(5));

        ApiTurn turn = assembler.Fail("client cancelled", TimeSpan.FromMilliseconds(9));

        Assert.False(turn.IsComplete);
        Assert.Equal("client cancelled", turn.Error);
        Assert.Equal("msg_01ThinkThenText", Str(turn.Message!["id"]));
        Assert.StartsWith("The user wants me", Str(turn.Message["content"]![0]!["thinking"]), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(9), turn.Timings.Total);
        Assert.Same(turn, assembler.Complete(TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void Unknown_events_blocks_deltas_and_fields_are_preserved()
    {
        ApiTurn turn = Assemble("unknown-things.sse");

        Assert.True(turn.IsComplete);
        JsonObject message = turn.Message!;
        Assert.Equal("cntr_01", Str(message["container"]!["id"]));
        Assert.Equal("[1,{\"a\":null}]", message["future_field"]!.ToJsonString());
        Assert.Equal("{\"applied_edits\":[]}", message["context_management"]!.ToJsonString());
        Assert.Equal(1, turn.Usage!["server_tool_use"]!["web_search_requests"]!.GetValue<int>());
        Assert.Equal(12, turn.Usage["output_tokens"]!.GetValue<int>());
        Assert.Equal(6, turn.Usage["input_tokens"]!.GetValue<int>());

        JsonArray content = message["content"]!.AsArray();
        Assert.Equal("{\"type\":\"future_block\",\"payload\":{\"x\":1,\"y\":[true,null]},\"id\":\"fb_01\"}", content[0]!.ToJsonString());
        Assert.Equal("kept", Str(content[1]!["future_block_field"]));
        Assert.Equal("Known text with type last", Str(content[1]!["text"]));
        JsonArray unknownDeltas = content[1]!["cctracer_unknown_deltas"]!.AsArray();
        Assert.Equal("{\"type\":\"sparkle_delta\",\"sparkle\":\"\u2728\",\"intensity\":3}", unknownDeltas[0]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Contains(turn.Warnings, w => w.Contains("sparkle_delta", StringComparison.Ordinal));

        JsonNode unknownEvent = Assert.Single(turn.UnknownEvents);
        Assert.Equal("from the future", Str(unknownEvent["note"]));
        Assert.Contains(turn.Events, e => e.Type == "content_block_annotation");
        Assert.Equal(2, turn.Events.Count(e => e.Type == "ping") + turn.Events.Count(e => e.Type == "content_block_annotation"));
    }

    [Fact]
    public void Multibyte_utf8_split_anywhere_is_rebuilt_exactly()
    {
        ApiTurn turn = SseVectors.ByteAtATime(SseVectors.Load("utf8-multibyte.sse"));

        JsonArray content = turn.Message!["content"]!.AsArray();
        Assert.Equal("ユーザーは挨拶しています。", Str(content[0]!["thinking"]));
        Assert.Equal("c2ln", Str(content[0]!["signature"]));
        Assert.Equal("你好，世界！🎉 Ça marche — naïve café 😀 你好 é 👩‍💻 e\u0301", Str(content[1]!["text"]));
        Assert.Empty(turn.Warnings);
    }

    [Fact]
    public void Wire_format_corner_cases_are_handled()
    {
        ApiTurn turn = SseVectors.Whole(SseVectors.Load("wire-crlf.sse"));

        Assert.True(turn.IsComplete);
        Assert.Equal("msg_01Wire", Str(turn.Message!["id"]));
        Assert.Equal("line one\nline two and more", Str(turn.Message["content"]![0]!["text"]));

        // "data" with no colon is an event with empty data: counted, kept as an unknown "message" event.
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message", "message_delta", "message_stop"],
            turn.Events.Select(e => e.Type));
    }

    [Fact]
    public void Malformed_event_data_becomes_a_warning_not_an_exception()
    {
        ApiTurn turn = Assemble("malformed-data.sse");

        Assert.True(turn.IsComplete);
        Assert.Equal("Before. After.", Str(turn.Message!["content"]![0]!["text"]));
        Assert.Equal(2, turn.Warnings.Count(w => w.Contains("not valid JSON", StringComparison.Ordinal)));
        Assert.Equal("end_turn", turn.StopReason);
    }

    [Fact]
    public void Gaps_longer_than_the_threshold_are_reported_as_stalls()
    {
        var assembler = new TurnAssembler(new TurnAssemblerOptions { StallThreshold = TimeSpan.FromSeconds(1) });
        string[] frames = Encoding.UTF8.GetString(SseVectors.Load("citations.sse")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        TimeSpan at = TimeSpan.Zero;
        for (int i = 0; i < frames.Length; i++)
        {
            at += i == 3 ? TimeSpan.FromMilliseconds(2500) : TimeSpan.FromMilliseconds(100);
            assembler.Append(Encoding.UTF8.GetBytes(frames[i] + "\n\n"), at);
        }

        ApiTurn turn = assembler.Complete(at);

        StallTiming stall = Assert.Single(turn.Timings.Stalls);
        Assert.Equal(TimeSpan.FromMilliseconds(300), stall.At);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), stall.Gap);
    }

    [Fact]
    public void Empty_stream_is_incomplete_without_a_message()
    {
        ApiTurn turn = new TurnAssembler().Complete(TimeSpan.FromSeconds(1));

        Assert.False(turn.IsComplete);
        Assert.Null(turn.Message);
        Assert.Null(turn.Timings.TimeToFirstByte);
        Assert.Contains("before any event", turn.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_bytes_never_throw()
    {
        var random = new Random(7);
        byte[] junk = new byte[20_000];
        random.NextBytes(junk);
        var assembler = new TurnAssembler();
        assembler.Append(junk, TimeSpan.Zero);
        assembler.Append("\n\nevent: content_block_delta\ndata: {\"index\":\"x\",\"delta\":[]}\n\nevent: content_block_delta\ndata: {\"index\":99999999999,\"delta\":{}}\n\ndata: \xff\xfe\n\n"u8, TimeSpan.Zero);
        assembler.Append("event: content_block_start\ndata: {\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\nevent: content_block_delta\ndata: {\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\xff\"}}\n\n"u8, TimeSpan.Zero);

        ApiTurn turn = assembler.Complete(TimeSpan.Zero);

        Assert.False(turn.IsComplete);
        Assert.NotEmpty(turn.Warnings);
    }
}
