using System.Text.Json;

namespace CcTracer.Core.Tests.Replay;

/// <summary>
/// A Claude-Code-shaped session: a title call on Haiku, two tool calls (one failing), a count_tokens call,
/// an overloaded 529 that was retried, and the final answer — with the hooks Claude Code sends.
/// </summary>
internal static class WeatherRecording
{
    public const string Prompt = "What's the weather in Paris and in Atlantis?";
    public const string FinalText = "Paris is sunny at 21°C. I could not find Atlantis.";
    public const string Sonnet = "claude-sonnet-4-5";
    public const string Haiku = "claude-haiku-4-5";

    private static readonly object[] Tools =
    [
        new { name = "get_weather", description = "Current weather for a city", input_schema = new { type = "object", properties = new { city = new { type = "string" } }, required = new[] { "city" } } },
    ];

    private static readonly object[] System = [new { type = "text", text = "You are a weather agent.", cache_control = new { type = "ephemeral" } }];

    public static object[] Messages(int upToTurn)
    {
        var messages = new List<object> { new { role = "user", content = Prompt } };
        if (upToTurn >= 2)
        {
            messages.Add(new { role = "assistant", content = new object[] { new { type = "text", text = "Let me check Paris." }, new { type = "tool_use", id = "toolu_01Paris", name = "get_weather", input = new { city = "Paris" } } } });
            messages.Add(new { role = "user", content = new object[] { new { type = "tool_result", tool_use_id = "toolu_01Paris", content = "Sunny, 21°C" } } });
        }

        if (upToTurn >= 3)
        {
            messages.Add(new { role = "assistant", content = new object[] { new { type = "tool_use", id = "toolu_02Atlantis", name = "get_weather", input = new { city = "Atlantis" } } } });
            messages.Add(new { role = "user", content = new object[] { new { type = "tool_result", tool_use_id = "toolu_02Atlantis", content = "Unknown city: Atlantis", is_error = true } } });
        }

        return messages.ToArray();
    }

    public static string MainRequest(int turn) => JsonSerializer.Serialize(new
    {
        model = Sonnet,
        max_tokens = 1024,
        stream = true,
        system = System,
        tools = Tools,
        metadata = new { user_id = $"{{\"session_id\":\"run-{turn}\"}}" },
        messages = Messages(turn),
    });

    public static RecordingBuilder Build()
    {
        var b = new RecordingBuilder();
        b.Hook("UserPromptSubmit", new { prompt = Prompt, cwd = "/work" });
        b.Json(
            JsonSerializer.Serialize(new { model = Haiku, max_tokens = 64, tools = Array.Empty<object>(), messages = new[] { new { role = "user", content = "Title: " + Prompt } } }),
            200,
            JsonSerializer.Serialize(new { id = "msg_title", type = "message", role = "assistant", model = Haiku, content = new[] { new { type = "text", text = "Weather check" } }, stop_reason = "end_turn", stop_sequence = (string?)null, usage = new { input_tokens = 30, output_tokens = 4, cache_read_input_tokens = 0, cache_creation_input_tokens = 0 } }));
        b.Streamed(MainRequest(1), SseText.Turn("msg_01", Sonnet, ["Let me check Paris.", new ToolUse("toolu_01Paris", "get_weather", "{\"city\": \"Paris\"}")], "tool_use", input: 100, output: 20, cacheRead: 50, cacheWrite: 10));
        b.Hook("PreToolUse", new { tool_name = "get_weather", tool_input = new { city = "Paris" }, tool_use_id = "toolu_01Paris" });
        b.Hook("PostToolUse", new { tool_name = "get_weather", tool_input = new { city = "Paris" }, tool_response = "Sunny, 21°C", tool_use_id = "toolu_01Paris", duration_ms = 12 });
        b.Json(JsonSerializer.Serialize(new { model = Sonnet, messages = Messages(2) }), 200, "{\"input_tokens\":321}", "/v1/messages/count_tokens?beta=true");
        b.Streamed(MainRequest(2), SseText.Turn("msg_02", Sonnet, [new ToolUse("toolu_02Atlantis", "get_weather", "{\"city\": \"Atlantis\"}")], "tool_use", input: 160, output: 15, cacheRead: 60));
        b.Hook("PreToolUse", new { tool_name = "get_weather", tool_input = new { city = "Atlantis" }, tool_use_id = "toolu_02Atlantis" });
        b.Hook("PostToolUseFailure", new { tool_name = "get_weather", tool_input = new { city = "Atlantis" }, error = "Unknown city: Atlantis", tool_use_id = "toolu_02Atlantis", is_interrupt = false });
        b.Json(MainRequest(3), 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        b.Streamed(MainRequest(3), SseText.Turn("msg_03", Sonnet, [FinalText], "end_turn", input: 200, output: 14, cacheRead: 70));
        b.Hook("Stop", new { stop_hook_active = false });
        return b;
    }
}
