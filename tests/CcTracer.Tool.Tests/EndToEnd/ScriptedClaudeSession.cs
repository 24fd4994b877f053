using System.Text.Json;
using CcTracer.TestKit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// The upstream's side of a one-tool session: the title call gets a small JSON text, the first
/// main-loop call thinks and asks for Bash <c>echo hi</c>, and the call carrying its tool_result
/// gets the final text. Decided from each request, so the same script serves any number of runs.
/// </summary>
internal static class ScriptedClaudeSession
{
    public const string ToolUseId = "toolu_01E2EScriptedEchoHi00001";

    public const string FinalText = "Done: the command ran.";

    public const string ThinkingText = "The user wants me to run echo hi in the shell.";

    /// <summary>What claude is run with, traced or not: the prompt this script answers, and Bash allowed without asking.</summary>
    public static readonly IReadOnlyList<string> ClaudeArgs = ["-p", "run echo hi", "--allowedTools", "Bash"];

    public static ScriptedResponse? Respond(ScriptedRequest request)
    {
        if (!request.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal) || request.PathAndQuery.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            return null;
        }

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        if (IsTitleCall(root))
        {
            return ScriptedResponse.Stream(new SseScript(messageId: "msg_01E2ETitle").Text("""{"title":"Run echo hi"}""", chunks: 2).Build());
        }

        if (LastUserMessageHasToolResult(root))
        {
            return ScriptedResponse.Stream(new SseScript(messageId: "msg_01E2EFinal") { InputTokens = 321, OutputTokens = 9 }.Text(FinalText).Build());
        }

        return ScriptedResponse.Stream(new SseScript(messageId: "msg_01E2ETool") { InputTokens = 123, OutputTokens = 45 }
            .Thinking(ThinkingText)
            .ToolUse(ToolUseId, "Bash", """{"command":"echo hi"}""")
            .Build(stopReason: "tool_use"));
    }

    public static bool IsTitleCall(JsonElement root)
        => root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() == 0;

    public static bool LastUserMessageHasToolResult(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.GetArrayLength() == 0)
        {
            return false;
        }

        var last = messages.EnumerateArray().Last(m => m.TryGetProperty("role", out var role) && role.GetString() == "user");
        return last.TryGetProperty("content", out var content)
            && content.ValueKind == JsonValueKind.Array
            && content.EnumerateArray().Any(b => b.TryGetProperty("type", out var t) && t.GetString() == "tool_result");
    }
}
