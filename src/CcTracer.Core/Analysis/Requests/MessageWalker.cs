using System.Text.Json;
using CcTracer.Analysis.Context;

namespace CcTracer.Analysis.Requests;

/// <summary>
/// Walks a request's <c>messages</c>: counts each content block in its context category, links
/// each <c>tool_result</c> to the tool that produced it (by <c>tool_use_id</c>) and to the file that
/// tool worked on, and names each message for break explanations.
/// </summary>
internal sealed class MessageWalker(ContextTally tally, CanonicalJson canonical, List<MessagePart> messages)
{
    private readonly Dictionary<string, (string Tool, string? File)> _toolUses = new(StringComparer.Ordinal);

    public void Walk(JsonElement list)
    {
        foreach (var message in list.EnumerateArray())
        {
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "unknown";
            var label = Count(role, message);
            messages.Add(new MessagePart(role, label, CanonicalJson.RawLength(message), canonical.HashMessage(message)));
        }
    }

    private string Count(string role, JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content))
        {
            tally.Add(ContextCategories.Other, CanonicalJson.RawLength(message));
            return role + " message";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            var category = TextCategory(role);
            tally.Add(category, CanonicalJson.RawLength(content));
            return Describe(role, [category == ContextCategories.System ? "system text" : "text"]);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            tally.Add(ContextCategories.Other, CanonicalJson.RawLength(content));
            return role + " message";
        }

        var kinds = new List<string>();
        foreach (var block in content.EnumerateArray())
        {
            kinds.Add(CountBlock(role, block));
        }

        return Describe(role, kinds);
    }

    private string CountBlock(string role, JsonElement block)
    {
        var bytes = CanonicalJson.RawLength(block);
        var type = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "unknown";
        switch (type)
        {
            case "text":
                tally.Add(TextCategory(role), bytes);
                return "text";
            case "thinking" or "redacted_thinking":
                tally.Add(ContextCategories.Thinking, bytes);
                return "thinking";
            case "tool_use" or "server_tool_use" or "mcp_tool_use":
                var name = String(block, "name") ?? type;
                var file = block.TryGetProperty("input", out var input) ? RequestShapeReader.FileOf(input) : null;
                if (String(block, "id") is { } id)
                {
                    _toolUses[id] = (name, file);
                }

                tally.Add(ContextCategories.ToolUse, bytes);
                if (file is not null)
                {
                    tally.AddFile(file, bytes);
                }

                return "tool_use " + name;
            case "tool_result" or "mcp_tool_result" or "web_search_tool_result" or "web_fetch_tool_result" or "code_execution_tool_result"
                or "bash_code_execution_tool_result" or "text_editor_code_execution_tool_result" or "tool_search_tool_result":
                var (tool, path) = String(block, "tool_use_id") is { } useId && _toolUses.TryGetValue(useId, out var use) ? use : (type == "tool_result" ? "unknown tool" : type, null);
                tally.Add(ContextCategories.ToolResult, bytes);
                tally.AddToolResult(tool, bytes);
                if (path is not null)
                {
                    tally.AddFile(path, bytes);
                }

                return "tool_result for " + tool;
            case "image":
                tally.Add(ContextCategories.Image, bytes);
                return "image";
            case "document":
                tally.Add(ContextCategories.Document, bytes);
                return "document";
            default:
                tally.Add(ContextCategories.Other, bytes);
                return type;
        }
    }

    private static string TextCategory(string role) => role switch
    {
        "assistant" => ContextCategories.AssistantText,
        "system" => ContextCategories.System,
        _ => ContextCategories.UserText,
    };

    private static string Describe(string role, List<string> kinds)
    {
        // A tool result is what a person looks for ("tool_result for Read"); text around it is noise.
        var main = kinds.FirstOrDefault(k => k.StartsWith("tool_result", StringComparison.Ordinal))
            ?? kinds.FirstOrDefault(k => k.StartsWith("tool_use", StringComparison.Ordinal))
            ?? (kinds.Count > 0 ? kinds[^1] : "empty");
        return main.StartsWith("tool_", StringComparison.Ordinal) ? main : $"{role} {main}";
    }

    private static string? String(JsonElement block, string name)
        => block.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
