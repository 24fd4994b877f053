using System.Text;
using System.Text.Json;

namespace CcTracer.Core.Tests.Replay;

/// <summary>Builds Messages API SSE text the way the API frames it.</summary>
internal static class SseText
{
    public static string Turn(string messageId, string model, IEnumerable<object> blocks, string stopReason, int input, int output, int cacheRead = 0, int cacheWrite = 0)
    {
        var sb = new StringBuilder();
        Event(sb, "message_start", new
        {
            type = "message_start",
            message = new
            {
                id = messageId, type = "message", role = "assistant", model, content = Array.Empty<object>(),
                stop_reason = (string?)null, stop_sequence = (string?)null,
                usage = new { input_tokens = input, cache_creation_input_tokens = cacheWrite, cache_read_input_tokens = cacheRead, output_tokens = 1 },
            },
        });
        Event(sb, "ping", new { type = "ping" });
        var index = 0;
        foreach (var block in blocks)
        {
            switch (block)
            {
                case string text:
                    Event(sb, "content_block_start", new { type = "content_block_start", index, content_block = new { type = "text", text = "" } });
                    foreach (var piece in Split(text))
                    {
                        Event(sb, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "text_delta", text = piece } });
                    }

                    break;
                case ToolUse tool:
                    Event(sb, "content_block_start", new { type = "content_block_start", index, content_block = new { type = "tool_use", id = tool.Id, name = tool.Name, input = new { } } });
                    Event(sb, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "input_json_delta", partial_json = "" } });
                    foreach (var piece in Split(tool.InputJson))
                    {
                        Event(sb, "content_block_delta", new { type = "content_block_delta", index, delta = new { type = "input_json_delta", partial_json = piece } });
                    }

                    break;
            }

            Event(sb, "content_block_stop", new { type = "content_block_stop", index });
            index++;
        }

        Event(sb, "message_delta", new { type = "message_delta", delta = new { stop_reason = stopReason, stop_sequence = (string?)null }, usage = new { output_tokens = output } });
        Event(sb, "message_stop", new { type = "message_stop" });
        return sb.ToString();
    }

    private static IEnumerable<string> Split(string text)
    {
        for (var i = 0; i < text.Length; i += 9)
        {
            yield return text.Substring(i, Math.Min(9, text.Length - i));
        }
    }

    private static void Event(StringBuilder sb, string name, object data)
        => sb.Append("event: ").Append(name).Append('\n').Append("data: ").Append(JsonSerializer.Serialize(data)).Append("\n\n");
}

internal sealed record ToolUse(string Id, string Name, string InputJson);
