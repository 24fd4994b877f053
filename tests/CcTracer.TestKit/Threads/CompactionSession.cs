using System.Collections.Concurrent;

namespace CcTracer.TestKit.Threads;

/// <summary>
/// The upstream's side of a session that runs into its context limit, for the real Claude Code CLI:
/// the main loop runs two Bash commands, the first turn's usage claiming a context near the
/// limit (<see cref="FullContextTokens"/>) so Claude Code compacts before going on; its summarising call gets
/// <see cref="Summary"/>. Later runs of claude continuing the session (<c>-c</c>) are answered too.
/// Every request is also kept (<see cref="Seen"/>) so a test can say what the CLI sent.
/// </summary>
public sealed class CompactionSession
{
    public const string Prompt = "COMPACT-SCENARIO: run the two commands";
    public const string ResumePrompt = "RESUME-SCENARIO: one more word please";
    public const string FirstToolUseId = "toolu_01CompactFirstBash0000001";
    public const string SecondToolUseId = "toolu_01CompactSecondBash000001";
    public const string Summary = "COMPACT-SUMMARY: the user asked for two commands; echo compact-1 ran.";
    public const string FinalText = "Compacted and done.";
    public const string ResumeAnswer = "kiwi, after the resume";

    /// <summary>The context the first turn claims to have used: near a 1M window, so auto-compaction is due.</summary>
    public int FullContextTokens { get; init; } = 990_000;

    public ConcurrentQueue<RequestShape> Seen { get; } = new();

    /// <summary>Answers one request of the scenario; <see langword="null"/> for anything else (the upstream's default).</summary>
    public ScriptedResponse? Respond(ScriptedRequest request)
    {
        var shape = RequestShape.Of(request);
        if (shape is null)
        {
            return null;
        }

        Seen.Enqueue(shape);
        if (LooksLikeSummaryRequest(shape))
        {
            return SubagentSession.Text("msg_01CompactSummary", $"<analysis>scripted</analysis>\n<summary>{Summary}</summary>");
        }

        if (shape.ToolCount <= 0)
        {
            return SubagentSession.Text("msg_01CompactUtility", """{"title":"Compact scenario"}""");
        }

        if (shape.LastUserText.Contains("RESUME-SCENARIO", StringComparison.Ordinal) && shape.ToolResultIds.Count == 0)
        {
            return SubagentSession.Text("msg_01CompactResumed", ResumeAnswer);
        }

        if (shape.ToolResultIds.Contains(SecondToolUseId))
        {
            return SubagentSession.Text("msg_01CompactFinal", FinalText);
        }

        if (shape.ToolResultIds.Contains(FirstToolUseId))
        {
            return ScriptedResponse.Stream(new SseScript(messageId: "msg_01CompactSecond") { InputTokens = 2_000 }
                .ToolUse(SecondToolUseId, "Bash", """{"command":"echo compact-2","description":"second"}""").Build("tool_use"));
        }

        if (shape.AllText.Contains("COMPACT-SCENARIO", StringComparison.Ordinal) && shape.ToolResultIds.Count == 0 && !shape.AllText.Contains(FirstToolUseId, StringComparison.Ordinal))
        {
            return ScriptedResponse.Stream(new SseScript(messageId: "msg_01CompactFirst") { InputTokens = FullContextTokens }
                .ToolUse(FirstToolUseId, "Bash", """{"command":"echo compact-1","description":"first"}""").Build("tool_use"));
        }

        return SubagentSession.Text("msg_01CompactOther", "Scripted answer.");
    }

    /// <summary>Claude Code's summarising call: the conversation so far, then an instruction to answer with a summary and no tools.</summary>
    public static bool LooksLikeSummaryRequest(RequestShape shape)
        => shape?.LastUserText.Contains("<summary>", StringComparison.Ordinal) == true && shape.LastUserText.Contains("Do NOT call any tools", StringComparison.Ordinal);
}
