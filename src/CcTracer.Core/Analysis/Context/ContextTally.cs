namespace CcTracer.Analysis.Context;

/// <summary>The context categories a request's bytes are counted in (docs/http-api.md, "Analysis").</summary>
internal static class ContextCategories
{
    public const string System = "system";
    public const string Tools = "tools";
    public const string UserText = "user_text";
    public const string AssistantText = "assistant_text";
    public const string Thinking = "thinking";
    public const string ToolUse = "tool_use";
    public const string ToolResult = "tool_result";
    public const string Image = "image";
    public const string Document = "document";
    public const string Other = "other";

    /// <summary>Every category, in the order the API lists them.</summary>
    public static readonly string[] All = [System, Tools, UserText, AssistantText, Thinking, ToolUse, ToolResult, Image, Document, Other];
}

/// <summary>
/// Raw byte counts of what a request carries, by category, by tool definition (MCP tools grouped by
/// server), by tool result (per tool name) and by file (from the <c>file_path</c> of the tool call).
/// </summary>
internal sealed class ContextTally
{
    public Dictionary<string, long> Categories { get; } = new(StringComparer.Ordinal);

    /// <summary>Tool-definition bytes per group: <c>built-in</c> or <c>mcp:&lt;server&gt;</c>.</summary>
    public Dictionary<string, (int Tools, long Bytes)> ToolGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes of each tool definition, in request order.</summary>
    public List<(string Name, long Bytes)> ToolDefinitions { get; } = [];

    /// <summary>Bytes of system blocks, in order.</summary>
    public List<long> SystemBlocks { get; } = [];

    /// <summary>Tool results per tool name: how many, and bytes.</summary>
    public Dictionary<string, (int Count, long Bytes)> ToolResults { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes of tool calls and their results per file path.</summary>
    public Dictionary<string, (int Count, long Bytes)> Files { get; } = new(StringComparer.Ordinal);

    public long TotalBytes => Categories.Values.Sum();

    public void Add(string category, long bytes)
        => Categories[category] = Categories.GetValueOrDefault(category) + bytes;

    public void AddTool(string name, long bytes)
    {
        ToolDefinitions.Add((name, bytes));
        var group = ToolGroupOf(name);
        var (tools, total) = ToolGroups.GetValueOrDefault(group);
        ToolGroups[group] = (tools + 1, total + bytes);
        Add(ContextCategories.Tools, bytes);
    }

    public void AddToolResult(string tool, long bytes)
    {
        var (count, total) = ToolResults.GetValueOrDefault(tool);
        ToolResults[tool] = (count + 1, total + bytes);
    }

    public void AddFile(string path, long bytes)
    {
        var (count, total) = Files.GetValueOrDefault(path);
        Files[path] = (count + 1, total + bytes);
    }

    /// <summary><c>mcp__server__tool</c> belongs to <c>mcp:server</c>; anything else is built in.</summary>
    public static string ToolGroupOf(string name)
    {
        if (name.StartsWith("mcp__", StringComparison.Ordinal))
        {
            var end = name.IndexOf("__", 5, StringComparison.Ordinal);
            return "mcp:" + (end > 5 ? name[5..end] : name[5..]);
        }

        return "built-in";
    }
}
