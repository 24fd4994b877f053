using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

/// <summary>
/// The in-place summarizer must give every line the summary the DOM-based one gave, byte for
/// byte: the UI and the live feed (which summarises each written record) cannot tell them apart.
/// </summary>
public sealed class RecordSummarizerEquivalenceTests
{
    private static readonly string SessionFixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl");

    [Fact]
    public void Every_record_of_a_real_session_is_summarised_as_before()
        => AssertSameSummaries(File.ReadLines(SessionFixture).Select((line, i) => ($"line {i + 1}", line)));

    [Fact]
    public void Real_records_with_reordered_properties_and_escaped_text_are_summarised_as_before()
        => AssertSameSummaries(File.ReadLines(SessionFixture).SelectMany((line, i) => Variants($"line {i + 1}", line)));

    [Fact]
    public void Records_shaped_like_a_long_generated_session_are_summarised_as_before()
        => AssertSameSummaries(GeneratedShapes());

    [Fact]
    public void Odd_but_valid_records_are_summarised_as_before()
        => AssertSameSummaries(OddRecords());

    [Fact]
    public void Broken_lines_get_the_same_unreadable_summary_as_before()
        => AssertSameSummaries(
        [
            ("torn", """{"v":1,"seq":3,"type":"hook","payl"""),
            ("torn in a body", """{"v":1,"seq":3,"type":"api_request","body":{"messages":[{"role":"user","content":"hi"""),
            ("trailing comma", """{"v":1,"seq":3,"type":"notice",}"""),
            ("bad escape", """{"v":1,"seq":3,"type":"notice","message":"\q"}"""),
            ("empty", ""),
            ("whitespace", "   "),
            ("garbage", "not json"),
            ("too deep", "{\"v\":1,\"seq\":3,\"x\":" + new string('[', 600) + new string(']', 600) + "}"),
            ("control character", "{\"v\":1,\"seq\":3,\"type\":\"notice\",\"message\":\"a\tb\"}"),
        ]);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"a record?\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_line_that_is_valid_json_but_not_an_object_is_marked_unreadable(string line)
    {
        // The DOM summarizer threw here (TryGetProperty on a non-object), failing the whole index.
        using var summary = JsonDocument.Parse(RecordSummarizer.Summarize(Encoding.UTF8.GetBytes(line)));
        Assert.Equal("unreadable", summary.RootElement.GetProperty("type").GetString());
        Assert.Equal(line.Length, summary.RootElement.GetProperty("bytes").GetInt32());
    }

    [Fact]
    public void Text_whose_escapes_do_not_decode_leaves_out_the_preview_instead_of_failing()
    {
        // A lone surrogate, as JavaScript writes a string cut inside an emoji; the DOM summarizer threw.
        var line = """{"v":1,"seq":5,"type":"hook","event":"UserPromptSubmit","payload":{"prompt":"cut \ud83d here"}}""";
        using var summary = JsonDocument.Parse(RecordSummarizer.Summarize(Encoding.UTF8.GetBytes(line)));
        Assert.Equal("UserPromptSubmit", summary.RootElement.GetProperty("event").GetString());
        Assert.False(summary.RootElement.TryGetProperty("preview", out _));
    }

    private static void AssertSameSummaries(IEnumerable<(string Name, string Line)> cases)
    {
        var count = 0;
        var mismatches = new List<string>();
        foreach (var (name, line) in cases)
        {
            count++;
            var bytes = Encoding.UTF8.GetBytes(line);
            var expected = Encoding.UTF8.GetString(LegacyRecordSummarizer.Summarize(bytes));
            var actual = Encoding.UTF8.GetString(RecordSummarizer.Summarize(bytes));
            if (expected != actual)
            {
                mismatches.Add($"{name}:\n  expected {expected}\n  actual   {actual}");
            }
        }

        Assert.True(count > 0);
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    /// <summary>
    /// The same record with its properties (at every level) in reverse order, and written by
    /// <see cref="JsonNode"/>, which escapes everything non-ASCII and HTML-sensitive
    /// (<c>&lt;system-reminder&gt;</c> becomes <c>\u003Csystem-reminder\u003E</c>); and with its
    /// body or payload as exact text, pretty-printed as Claude Code's compact requests are.
    /// </summary>
    private static IEnumerable<(string, string)> Variants(string name, string line)
    {
        var node = JsonNode.Parse(line)!;
        yield return ($"{name}, reversed", Reverse(node)!.ToJsonString());
        var root = node.AsObject();
        foreach (var (embedded, text) in new[] { ("body", "body_text"), ("payload", "payload_text") })
        {
            if (root[embedded] is JsonObject value)
            {
                var copy = root.DeepClone().AsObject();
                copy.Remove(embedded);
                copy[text] = value.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
                yield return ($"{name}, {text}", copy.ToJsonString());
            }
        }
    }

    private static JsonNode? Reverse(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reverse(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Reverse).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>The four records of a turn, as benchmarks/…/SessionLogGenerator.cs writes them, with the real request body and SSE fixtures.</summary>
    private static IEnumerable<(string, string)> GeneratedShapes()
    {
        var body = JsonNode.Parse(File.ReadAllText(CcTracer.TestKit.FixturePaths.File("request-after-tool-result.json")))!["body"]!.ToJsonString();
        var sseDirectory = Path.Combine(AppContext.BaseDirectory, "fixtures", "sse");
        var text = string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 2500));
        var stdout = string.Concat(Enumerable.Repeat("-rw-r--r-- 1 dev dev  4096 Nov 25 01:48 src/file.cs\n", 1300));
        yield return ("request", Record(""" "type":"api_request","exchange_id":"ex_000001","method":"POST","path":"/v1/messages?beta=true","kind":"messages","headers":{"x-api-key":"sk-ant-…[redacted]"},"model":"claude-sonnet-4-5","stream":true,"body": """ + body + ",\"body_bytes\":" + body.Length));
        foreach (var sse in Directory.GetFiles(sseDirectory, "*.sse").Order(StringComparer.Ordinal))
        {
            var response = new JsonObject
            {
                ["v"] = 1, ["seq"] = 8, ["type"] = "api_response", ["ts"] = "2026-11-25T01:00:00.000Z", ["session_id"] = "s",
                ["exchange_id"] = "ex_000001", ["status"] = 200, ["headers"] = new JsonObject { ["content-type"] = "text/event-stream" },
                ["content_encoding"] = null, ["streamed"] = true, ["body_text"] = File.ReadAllText(sse) + text,
                ["event_offsets_ms"] = new JsonArray(Enumerable.Range(0, 3000).Select(i => (JsonNode)(i * 0.8)).ToArray()),
                ["message"] = new JsonObject
                {
                    ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant",
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = text },
                        new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_000001", ["name"] = "Bash", ["input"] = new JsonObject { ["command"] = "ls -la src" } }),
                    ["stop_reason"] = "tool_use",
                },
                ["complete"] = true, ["error"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = 12, ["output_tokens"] = 4096 },
            };
            yield return ($"response with {Path.GetFileName(sse)}", Compact(response));
        }

        yield return ("PreToolUse", Record(""" "type":"hook","event":"PreToolUse","tool_use_id":"toolu_000001","payload":{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash","tool_use_id":"toolu_000001"} """));
        var hook = JsonNode.Parse(File.ReadAllText(CcTracer.TestKit.FixturePaths.File("hook-PostToolUse.json")))!.AsObject();
        hook["tool_response"] = new JsonObject { ["stdout"] = stdout, ["stderr"] = "", ["interrupted"] = false };
        yield return ("PostToolUse", Record(""" "type":"hook","event":"PostToolUse","tool_use_id":"toolu_000001","payload": """ + Compact(hook)));
        foreach (var file in Directory.GetFiles(CcTracer.TestKit.FixturePaths.ClaudeCode2_1_197, "hook-*.json").Order(StringComparer.Ordinal))
        {
            var payload = JsonNode.Parse(File.ReadAllText(file))!;
            yield return (Path.GetFileName(file), Record($"\"type\":\"hook\",\"event\":{Compact(payload["hook_event_name"])},\"payload\":{Compact(payload)}"));
        }
    }

    private static IEnumerable<(string, string)> OddRecords()
    {
        // Lengths around the 200-character cut, in characters of 1 to 4 UTF-8 bytes and 1 or 2
        // UTF-16 chars (an emoji at an odd offset straddles the cut), raw or escaped.
        foreach (var length in new[] { 0, 1, 99, 100, 101, 199, 200, 201, 202, 250, 5000 })
        {
            foreach (var filler in new[] { "a", "é", "€", "😀", "x😀", "\n", "\"", "<>" })
            {
                var text = string.Concat(Enumerable.Repeat(filler, length));
                var json = JsonSerializer.Serialize(text);
                var relaxed = Compact(JsonValue.Create(text));
                yield return ($"response text {length}×{filler}", Record(""" "type":"api_response","message":{"content":[{"type":"text","text": """ + json + "}]}"));
                yield return ($"prompt {length}×{filler}", Record(""" "type":"hook","event":"UserPromptSubmit","payload":{"prompt": """ + relaxed + "}"));
                yield return ($"user text {length}×{filler}", Record(""" "type":"api_request","body":{"messages":[{"role":"user","content":[{"type":"text","text": """ + json + "}]}]}"));
                yield return ($"user content {length}×{filler}", Record(""" "type":"api_request","body":{"messages":[{"role":"user","content": """ + relaxed + "}]}"));
                yield return ($"notice {length}×{filler}", Record(""" "type":"notice","level":"warning","message": """ + json));
            }
        }

        yield return ("duplicate names, last wins", """{"v":1,"seq":1,"seq":2,"type":"hook","type":"notice","ts":"a","ts":"b","level":1,"level":"x","message":{"a":1},"message":"m"}""");
        yield return ("escaped names", """{"v":1,"se\u0071":3,"typ\u0065":"api_\u0072esponse","messag\u0065":{"mod\u0065l":"m","content":[{"typ\u0065":"t\u0065xt","te\u0078t":"hi"}]}}""");
        yield return ("numbers and literals", """{"v":1,"seq":4.0,"type":"api_response","status":2e2,"complete":false,"error":null,"streamed":"yes","timings":{"ttfb_ms":-0.0,"ttft_ms":1.50,"total_ms":12345678901234567890,"blocks":[1]},"usage":{"input_tokens":null,"output_tokens":true,"cache_read_input_tokens":"x","cache_creation_input_tokens":{}}}""");
        yield return ("timings and usage not objects", Record(""" "type":"api_response","timings":[1],"usage":"u","message":"m" """));
        yield return ("empty timings", Record(""" "type":"api_response","timings":{},"usage":{} """));
        yield return ("response blocks of every kind", Record(""" "type":"api_response","message":{"model":"claude-x","stop_reason":null,"content":[1,"x",null,[],{},{"type":null},{"type":"text","text":""},{"type":"text","text":"second"},{"type":"tool_use"},{"type":"tool_use","id":5},{"type":"tool_use","id":"t1","name":"Bash"},{"type":"server_tool_use","id":"t2","name":"web_search"},{"type":"tool_use","id":"t3","name":"Bash"},{"type":"tool_use","id":"t4","name":""},{"type":"tool_use","id":"t5"},{"type":"tool_use","id":"t\u00e9","name":"R\u00e9ad"}]} """));
        yield return ("response first text wins", Record(""" "type":"api_response","message":{"content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"first"},{"type":"text","text":"second"}]} """));
        yield return ("response content not an array", Record(""" "type":"api_response","message":{"content":"text"} """));
        yield return ("user blocks of every kind", Record(""" "type":"api_request","exchange_id":"x","method":"POST","path":"/v1/messages","kind":"messages","model":"m","stream":false,"body":{"messages":[{"role":"user","content":"old"},{"role":"assistant","content":"a"},{"role":"user","content":[1,null,{},{"type":null},{"type":"tool_result","tool_use_id":"toolu_1"},{"type":"tool_result","tool_use_id":7},{"type":"tool_result"},{"type":"text","text":"keep"},{"type":"text","text":"<system-reminder>skip</system-reminder>"},{"type":"text","text":"\u003Csystem-reminder>escaped skip"},{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"nested"}]}]}]} """));
        yield return ("user text empty overrides", Record(""" "type":"api_request","body":{"messages":[{"role":"user","content":[{"type":"text","text":"first"},{"type":"text","text":""}]}]} """));
        yield return ("last user message has no content", Record(""" "type":"api_request","body":{"messages":[{"role":"user","content":"first"},{"role":"user"}]} """));
        yield return ("roles that are not user", Record(""" "type":"api_request","body":{"messages":[{"role":"user","content":"yes"},{"role":null,"content":"no"},{"role":"us\u0065r","content":"escaped role"},7,[]]} """));
        yield return ("messages not an array", Record(""" "type":"api_request","body":{"messages":{"role":"user"}} """));
        yield return ("body not an object", Record(""" "type":"api_request","body":"text","body_text":"{\"messages\":[{\"role\":\"user\",\"content\":\"shadowed\"}]}" """));
        yield return ("body_text JSON", Record(""" "type":"api_request","body_text":"{\n  \"messages\": [{\"role\": \"user\", \"content\": \"from text\"}]\n}\n" """));
        yield return ("body_text JSON, trailing garbage", Record(""" "type":"api_request","body_text":"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} x" """));
        yield return ("body_text JSON, two values", Record(""" "type":"api_request","body_text":"{\"messages\":[]} {}" """));
        yield return ("body_text JSON array", Record(""" "type":"api_request","body_text":"[{\"role\":\"user\"}]" """));
        yield return ("body_text not JSON", Record(""" "type":"api_request","body_text":"event: message_start\ndata: {}\n\n" """));
        yield return ("body_text with a comment", Record(""" "type":"api_request","body_text":"{/* c */\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}" """));
        yield return ("body_text not a string", Record(""" "type":"api_request","body_text":{"messages":[{"role":"user","content":"x"}]} """));
        yield return ("body_text deeper than 64", Record(""" "type":"api_request","body_text":"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"deep\":""" + Nested(70) + "}\""));
        yield return ("body deeper than 64", Record(""" "type":"api_request","body":{"messages":[{"role":"user","content":"x"}],"deep":""" + Nested(300) + "}"));
        yield return ("payload_text JSON", Record(""" "type":"hook","event":"PreToolUse","payload_text":"{\r\n\"tool_name\":\"Bash\",\"duration_ms\":1.5,\"tool_input\":{\"command\":\"echo \\\"hi\\\"\"}}" """));
        yield return ("payload_text not JSON", Record(""" "type":"hook","event":"PreToolUse","payload_text":"tool_name: Bash" """));
        yield return ("tool input fallbacks", Record(""" "type":"hook","event":"PreToolUse","payload":{"tool_name":"Grep","tool_input":{"command":"","file_path":7,"pattern":"TODO","url":"u"},"prompt":"p"} """));
        yield return ("tool input not an object", Record(""" "type":"hook","event":"PreToolUse","payload":{"tool_input":"ls","message":"","last_assistant_message":"done"} """));
        yield return ("payload fallbacks", Record(""" "type":"hook","event":"Stop","payload":{"tool_input":{},"error":null,"reason":"r","source":"s"} """));
        yield return ("payload not an object", Record(""" "type":"hook","event":"Stop","payload":[{"prompt":"p"}] """));
        yield return ("hook_rejected", Record(""" "type":"hook_rejected","event":"Weird","error":"not a JSON object: \"x\"","raw_text":"x" """));
        yield return ("hook_rejected without error", Record(""" "type":"hook_rejected","event":"Weird","error":{"code":1} """));
        yield return ("type not a string", Record(""" "type":5,"message":"m","level":"l" """));
        yield return ("no type", """{"v":1,"seq":10}""");
        yield return ("unknown type", Record(""" "type":"hologram","message":"m","payload":{"prompt":"p"},"body":{"messages":[]} """));
        yield return ("value after the record", """{"v":1,"seq":11,"type":"notice","message":"m"} {"v":1}""");
        yield return ("whitespace around", "  {\"v\":1, \"seq\" : 12 ,\"type\":\"notice\"\t,\"message\":\"m\"}  ");
        yield return ("deep but allowed", Record(""" "type":"hook","payload":{"tool_input":""" + Nested(500) + """ ,"prompt":"p"} """));
        yield return ("html and control escapes", Record(""" "type":"notice","level":"<b>","message":"tab\tbell\u0007 nul\u0000 slash\/ quote\" back\\ amp& plus+ '" """));
        yield return ("escaped astral plane", Record(""" "type":"hook","event":"E","tool_use_id":"\ud83d\ude00","payload":{"prompt":"\ud83d\ude00 smile"} """));
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>A record line with the usual envelope and these fields.</summary>
    private static string Record(string fields) => "{\"v\":1,\"seq\":9,\"ts\":\"t\",\"session_id\":\"s\"," + fields + "}";

    private static string Compact(JsonNode? node)
        => node is null ? "null" : node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
