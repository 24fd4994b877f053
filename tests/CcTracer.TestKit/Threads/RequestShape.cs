using System.Text.Json;

namespace CcTracer.TestKit.Threads;

/// <summary>
/// What a scripted upstream needs to know about a Claude Code request to answer it: whose it is
/// (the texts of its first user message, where a subagent finds its prompt), and where the
/// conversation is (the tool_result ids of its last user message). Calls of several threads
/// interleave, so a script decides from the request, never from arrival order.
/// </summary>
public sealed class RequestShape
{
    private RequestShape(JsonElement root)
    {
        ToolCount = root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array ? tools.GetArrayLength() : -1;
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        MessageCount = messages.GetArrayLength();
        var users = messages.EnumerateArray().Where(m => m.TryGetProperty("role", out var r) && r.GetString() == "user").ToList();
        if (users.Count > 0)
        {
            FirstUserText = string.Join("\n", Texts(users[0]));
            LastUserText = string.Join("\n", Texts(users[^1]));
            ToolResultIds = [.. Blocks(users[^1]).Where(b => Str(b, "type") == "tool_result").Select(b => Str(b, "tool_use_id")!)];
        }

        AllText = root.GetProperty("messages").GetRawText();
    }

    /// <summary>Number of tools offered; -1 without a <c>tools</c> key.</summary>
    public int ToolCount { get; }

    public int MessageCount { get; }

    /// <summary>The text blocks of the first user message, joined by newlines.</summary>
    public string FirstUserText { get; } = "";

    /// <summary>The text blocks of the last user message, joined by newlines.</summary>
    public string LastUserText { get; } = "";

    /// <summary>The tool_use ids the last user message answers.</summary>
    public IReadOnlyList<string> ToolResultIds { get; } = [];

    /// <summary>The raw JSON of all messages (for "does the conversation mention X").</summary>
    public string AllText { get; } = "";

    /// <summary>The shape of a <c>/v1/messages</c> request; null for anything else (count_tokens, not JSON).</summary>
    public static RequestShape? Of(ScriptedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal) || request.PathAndQuery.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            return new RequestShape(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<JsonElement> Blocks(JsonElement message)
        => message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : [];

    private static IEnumerable<string> Texts(JsonElement message)
    {
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return [content.GetString()!];
        }

        return Blocks(message).Where(b => Str(b, "type") == "text").Select(b => Str(b, "text") ?? "");
    }

    private static string? Str(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
