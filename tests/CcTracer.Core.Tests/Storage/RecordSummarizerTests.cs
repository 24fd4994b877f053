using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

public sealed class RecordSummarizerTests
{
    private static JsonElement Summarize(string line) => JsonDocument.Parse(RecordSummarizer.Summarize(Encoding.UTF8.GetBytes(line))).RootElement;

    [Fact]
    public void Response_summary_names_its_tool_calls_usage_and_timings()
    {
        var s = Summarize("""
            {"v":1,"seq":7,"type":"api_response","ts":"2026-11-25T01:00:00.000Z","session_id":"s","exchange_id":"x1","status":200,"streamed":true,
             "message":{"model":"claude-x","stop_reason":"tool_use","content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Running it."},
               {"type":"tool_use","id":"toolu_01","name":"Bash","input":{"command":"echo hi"}},{"type":"tool_use","id":"toolu_02","name":"Read","input":{}}]},
             "complete":true,"error":null,"timings":{"ttfb_ms":1.5,"ttft_ms":2,"total_ms":9,"blocks":[]},
             "usage":{"input_tokens":10,"output_tokens":20,"cache_read_input_tokens":30,"cache_creation_input_tokens":40,"server_tool_use":{}}}
            """);
        Assert.Equal(7, s.GetProperty("seq").GetInt64());
        Assert.Equal(["toolu_01", "toolu_02"], s.GetProperty("tool_use_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Bash", "Read"], s.GetProperty("tool_names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("tool_use", s.GetProperty("stop_reason").GetString());
        Assert.Equal("claude-x", s.GetProperty("model").GetString());
        Assert.Equal("Bash: echo hi, Read", s.GetProperty("preview").GetString());
        Assert.Equal(40, s.GetProperty("usage").GetProperty("cache_creation_input_tokens").GetInt32());
        Assert.False(s.GetProperty("usage").TryGetProperty("server_tool_use", out _));
        Assert.Equal(9, s.GetProperty("timings").GetProperty("total_ms").GetDouble());
    }

    [Fact]
    public void A_turn_without_tool_calls_previews_its_first_text_not_its_thinking()
    {
        var s = Summarize("""
            {"v":1,"seq":8,"type":"api_response","session_id":"s","exchange_id":"x2","status":200,
             "message":{"stop_reason":"end_turn","content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Done: it ran."},{"type":"text","text":"More."}]}}
            """);
        Assert.Equal("Done: it ran.", s.GetProperty("preview").GetString());
    }

    [Fact]
    public void Request_summary_lists_only_the_newest_tool_results()
    {
        var body = File.ReadAllText(CcTracer.TestKit.FixturePaths.File("request-after-tool-result.json"));
        var requestBody = JsonDocument.Parse(body).RootElement.GetProperty("body").GetRawText();
        var s = Summarize($$"""{"v":1,"seq":3,"type":"api_request","session_id":"s","exchange_id":"x2","kind":"messages","body":{{requestBody}}}""");
        Assert.Equal(["toolu_01"], s.GetProperty("result_tool_use_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("x2", s.GetProperty("exchange_id").GetString());
    }

    [Fact]
    public void Hook_summary_carries_tool_and_duration()
    {
        var payload = JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(CcTracer.TestKit.FixturePaths.File("hook-PostToolUse.json"))).RootElement);
        var s = Summarize($$"""{"v":1,"seq":4,"type":"hook","session_id":"s","event":"PostToolUse","tool_use_id":"toolu_01","payload":{{payload}}}""");
        Assert.Equal("Bash", s.GetProperty("tool_name").GetString());
        Assert.Equal(84, s.GetProperty("duration_ms").GetInt32());
        Assert.Equal("echo hi", s.GetProperty("preview").GetString());
    }

    [Fact]
    public void Unknown_record_types_keep_their_envelope_and_garbage_is_marked_unreadable()
    {
        var s = Summarize("""{"v":2,"seq":9,"type":"hologram","ts":"t","session_id":"s","zzz":[1]}""");
        Assert.Equal("hologram", s.GetProperty("type").GetString());
        Assert.Equal(9, s.GetProperty("seq").GetInt64());
        Assert.Equal("unreadable", Summarize("{\"v\":1,\"seq\":").GetProperty("type").GetString());
    }
}
