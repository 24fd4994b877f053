using System.Text;
using System.Text.Json;

namespace CcTracer.Export;

/// <summary>Renders Messages API messages and content blocks as Markdown: text as is, tool calls and results fenced, thinking and reminders collapsed.</summary>
internal static class MarkdownMessages
{
    /// <summary>Tool results longer than this many characters are cut (the export is for reading, not replay).</summary>
    private const int MaxResultChars = 2_000;

    private const int MaxResultLines = 40;

    public static void Write(StringBuilder md, JsonElement message, string? usage = null)
    {
        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "?";
        md.Append("### ").Append(role.Length > 0 ? char.ToUpperInvariant(role[0]) + role[1..] : role);
        if (!string.IsNullOrEmpty(usage))
        {
            md.Append(" <sub>").Append(usage).Append("</sub>");
        }

        md.Append("\n\n");
        if (!message.TryGetProperty("content", out var content))
        {
            return;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            Text(md, content.GetString()!);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            Block(md, block);
        }
    }

    private static void Block(StringBuilder md, JsonElement block)
    {
        var type = block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text":
                Text(md, Str(block, "text"));
                break;
            case "thinking":
                Details(md, "Thinking", Str(block, "thinking"), fenced: false);
                break;
            case "redacted_thinking":
                md.Append("_(redacted thinking)_\n\n");
                break;
            case "tool_use" or "server_tool_use" or "mcp_tool_use":
                md.Append("**Tool call: ").Append(Str(block, "name")).Append("** `").Append(Str(block, "id")).Append("`\n\n");
                var input = block.TryGetProperty("input", out var i) ? i : default;
                Fence(md, input.ValueKind == JsonValueKind.String ? input.GetString()! : input.ValueKind == JsonValueKind.Undefined ? string.Empty : Indent(input), "json");
                break;
            case "tool_result":
                var error = block.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
                Details(md, (error ? "Tool error " : "Tool result ") + "`" + Str(block, "tool_use_id") + "`", Truncate(ResultText(block)), fenced: true);
                break;
            case "image" or "document":
                md.Append("_(").Append(type).Append(")_\n\n");
                break;
            default:
                Details(md, "Block `" + type + "`", Truncate(Indent(block)), fenced: true);
                break;
        }
    }

    private static void Text(StringBuilder md, string text)
    {
        // Claude Code wraps context it adds in <system-reminder>: collapsed, the user's words stand out.
        if (text.TrimStart().StartsWith("<system-reminder>", StringComparison.Ordinal))
        {
            Details(md, "System reminder", text.Trim(), fenced: true);
            return;
        }

        md.Append(text.Trim()).Append("\n\n");
    }

    private static string ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        var text = new StringBuilder();
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                text.Append(part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "(" + Str(part, "type") + ")").Append('\n');
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Truncate(string text)
    {
        var lines = text.Split('\n');
        var cut = lines.Length > MaxResultLines ? string.Join('\n', lines[..MaxResultLines]) : text;
        if (cut.Length > MaxResultChars)
        {
            cut = cut[..MaxResultChars];
        }

        return cut.Length < text.Length ? cut + $"\n… ({text.Length - cut.Length} more characters, {Math.Max(0, lines.Length - cut.Split('\n').Length)} more lines)" : text;
    }

    private static void Details(StringBuilder md, string summary, string body, bool fenced)
    {
        md.Append("<details><summary>").Append(summary).Append("</summary>\n\n");
        if (fenced)
        {
            Fence(md, body, string.Empty);
        }
        else
        {
            md.Append(body.Trim()).Append("\n\n");
        }

        md.Append("</details>\n\n");
    }

    /// <summary>A code fence longer than any run of backticks inside, so no text can end it early.</summary>
    private static void Fence(StringBuilder md, string body, string language)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in body)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        md.Append(fence).Append(language).Append('\n').Append(body.TrimEnd()).Append('\n').Append(fence).Append("\n\n");
    }

    private static string Str(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static string Indent(JsonElement e) => JsonSerializer.Serialize(e, IndentedJson.Options);
}
