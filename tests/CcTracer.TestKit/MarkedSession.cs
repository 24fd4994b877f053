using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.TestKit;

/// <summary>
/// A small session log in the record schema with a unique marker string planted in every kind of
/// content an export must drop without content: the prompt, the system prompt, a tool's input and
/// result, thinking, the answer, a header value that is not on the safe list. Two main-thread calls
/// and one subagent call (<c>x-claude-code-agent-id</c>), with hooks around the tool.
/// </summary>
public static class MarkedSession
{
    public const string SessionId = "marked-session-0001";
    public const string AgentId = "agent-7f00c0de";

    public const string Prompt = "PROMPT_MARKER_a1b2c3";
    public const string SystemPrompt = "SYSTEM_MARKER_d4e5f6";
    public const string ToolInput = "TOOLINPUT_MARKER_0a0b0c";
    public const string ToolResult = "TOOLRESULT_MARKER_1d1e1f";
    public const string Thinking = "THINKING_MARKER_2a2b2c";
    public const string Answer = "ANSWER_MARKER_3d3e3f";
    public const string SubagentPrompt = "SUBPROMPT_MARKER_4a4b4c";
    public const string HeaderValue = "HEADER_MARKER_5d5e5f";

    /// <summary>Every marker: none may appear in a no-content export.</summary>
    public static readonly IReadOnlyList<string> Markers = [Prompt, SystemPrompt, ToolInput, ToolResult, Thinking, Answer, SubagentPrompt, HeaderValue];

    /// <summary>Output tokens of the three calls, which a no-content export keeps.</summary>
    public static readonly IReadOnlyList<int> OutputTokens = [61, 17, 9];

    /// <summary>Writes <c>{SessionId}.jsonl</c> into <paramref name="directory"/>; returns its path.</summary>
    public static string Write(string directory)
    {
        var lines = new List<JsonObject>();
        var t = new DateTimeOffset(2026, 11, 25, 2, 48, 47, TimeSpan.Zero);
        void Add(string type, JsonObject fields)
        {
            var record = new JsonObject { ["v"] = 1, ["seq"] = lines.Count + 1, ["type"] = type, ["ts"] = t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), ["session_id"] = SessionId };
            foreach (var (k, v) in fields)
            {
                record[k] = v?.DeepClone();
            }

            lines.Add(record);
            t = t.AddMilliseconds(250);
        }

        var user = new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Prompt }) };
        var assistant1 = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "thinking", ["thinking"] = Thinking, ["signature"] = "sig" },
                new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_01", ["name"] = "Bash", ["input"] = new JsonObject { ["command"] = "echo " + ToolInput } }),
        };
        var result = new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_01", ["content"] = ToolResult + "\n" + string.Join("\n", Enumerable.Range(1, 200).Select(i => "line " + i)) }) };
        var assistant2 = new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Answer }) };

        Add("hook", new JsonObject { ["event"] = "UserPromptSubmit", ["payload"] = new JsonObject { ["session_id"] = SessionId, ["hook_event_name"] = "UserPromptSubmit", ["prompt"] = Prompt, ["cwd"] = "/home/dev/project" } });
        Exchange(Add, "ex_main_1", [user], assistant1, "tool_use", OutputTokens[0], agent: null);
        Add("hook", new JsonObject { ["event"] = "PreToolUse", ["tool_use_id"] = "toolu_01", ["payload"] = new JsonObject { ["session_id"] = SessionId, ["hook_event_name"] = "PreToolUse", ["tool_name"] = "Bash", ["tool_use_id"] = "toolu_01", ["tool_input"] = new JsonObject { ["command"] = "echo " + ToolInput } } });
        Add("hook", new JsonObject { ["event"] = "PostToolUse", ["tool_use_id"] = "toolu_01", ["payload"] = new JsonObject { ["session_id"] = SessionId, ["hook_event_name"] = "PostToolUse", ["tool_name"] = "Bash", ["tool_use_id"] = "toolu_01", ["tool_input"] = new JsonObject { ["command"] = "echo " + ToolInput }, ["tool_response"] = new JsonObject { ["stdout"] = ToolResult } } });
        Exchange(Add, "ex_sub_1", [new JsonObject { ["role"] = "user", ["content"] = SubagentPrompt }], new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "sub done" }) }, "end_turn", OutputTokens[2], AgentId);
        Exchange(Add, "ex_main_2", [user, assistant1, result], assistant2, "end_turn", OutputTokens[1], agent: null);

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, SessionId + ".jsonl");
        File.WriteAllLines(path, lines.Select(l => l.ToJsonString()));
        return path;
    }

    private static void Exchange(Action<string, JsonObject> add, string id, JsonObject[] messages, JsonObject answer, string stop, int outputTokens, string? agent)
    {
        var headers = new JsonObject
        {
            ["Host"] = "127.0.0.1:7355",
            ["Content-Type"] = "application/json",
            ["anthropic-version"] = "2023-06-01",
            ["x-api-key"] = "sk-ant-api03-…[redacted 108 chars]",
            ["X-Custom-Note"] = HeaderValue,
        };
        if (agent is not null)
        {
            headers["x-claude-code-agent-id"] = agent;
        }

        var body = new JsonObject
        {
            ["model"] = "claude-opus-4-8",
            ["max_tokens"] = 32000,
            ["stream"] = true,
            ["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = SystemPrompt }),
            ["messages"] = new JsonArray([.. messages.Select(m => m.DeepClone())]),
        };
        var bodyText = body.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        add("api_request", new JsonObject
        {
            ["exchange_id"] = id, ["method"] = "POST", ["path"] = "/v1/messages?beta=true", ["kind"] = "messages",
            ["model"] = "claude-opus-4-8", ["stream"] = true, ["headers"] = headers,
            ["body_bytes"] = System.Text.Encoding.UTF8.GetByteCount(bodyText), ["body_text"] = bodyText,
        });

        var usage = new JsonObject { ["input_tokens"] = 6, ["cache_creation_input_tokens"] = 100, ["cache_read_input_tokens"] = 2000, ["output_tokens"] = outputTokens };
        var message = new JsonObject { ["id"] = "msg_" + id, ["type"] = "message", ["role"] = "assistant", ["model"] = "claude-opus-4-8", ["content"] = answer["content"]!.DeepClone(), ["stop_reason"] = stop, ["stop_sequence"] = null, ["usage"] = usage.DeepClone() };
        var sse = "event: message_start\ndata: " + new JsonObject { ["type"] = "message_start", ["message"] = new JsonObject { ["id"] = "msg_" + id, ["content"] = new JsonArray() } }.ToJsonString() + "\n\n"
            + "event: content_block_delta\ndata: " + new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = answer["content"]!.ToJsonString() } }.ToJsonString() + "\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        add("api_response", new JsonObject
        {
            ["exchange_id"] = id, ["status"] = 200,
            ["headers"] = new JsonObject { ["Content-Type"] = "text/event-stream; charset=utf-8", ["request-id"] = "req_" + id, ["x-secretish"] = HeaderValue },
            ["wire_bytes"] = sse.Length, ["streamed"] = true, ["body_bytes"] = sse.Length, ["body_text"] = sse,
            ["event_offsets_ms"] = new JsonArray(120.5, 130.25, 400.75),
            ["message"] = message, ["complete"] = true, ["error"] = null,
            ["timings"] = new JsonObject { ["ttfb_ms"] = 120.5, ["ttft_ms"] = 130.25, ["total_ms"] = 400.75, ["blocks"] = new JsonArray(), ["stalls"] = new JsonArray() },
            ["usage"] = usage,
        });
    }
}
