using System.Text.Json;

namespace CcTracer.TestKit.Threads;

/// <summary>
/// The upstream's side of a session with subagents, for the real Claude Code CLI: the main loop
/// delegates to one subagent (which runs Bash), then to two subagents at once (two Agent tool_use
/// blocks in one response), then to one that itself calls the Agent tool (nesting), then ends.
/// Each call is answered from its shape (<see cref="RequestShape"/>): a subagent by the marker in its
/// prompt, the main loop by which Agent calls its last message answers. Use as the responder of
/// <see cref="ScriptedUpstream.StartAsync"/> and run claude with <see cref="Prompt"/>.
/// </summary>
public static class SubagentSession
{
    /// <summary>The prompt to give claude (<c>-p</c>).</summary>
    public const string Prompt = "THREADS-SCENARIO: delegate the subtasks";

    public const string FinalText = "Main done: single, pair and nested subagents answered.";

    public const string SingleToolUseId = "toolu_01ThreadsSingleAgent000001";
    public const string ParallelToolUseId1 = "toolu_01ThreadsParallelAgent0001";
    public const string ParallelToolUseId2 = "toolu_01ThreadsParallelAgent0002";
    public const string NestedToolUseId = "toolu_01ThreadsNestedOuter000001";
    public const string InnerToolUseId = "toolu_01ThreadsNestedInner000001";

    public const string SinglePrompt = "SUB-SINGLE: run echo from-single, then answer with the word apple.";
    public const string Parallel1Prompt = "SUB-PAR-1: run echo from-par-1, then answer with the word pear.";
    public const string Parallel2Prompt = "SUB-PAR-2: answer with the word plum.";
    public const string OuterPrompt = "SUB-NEST-OUTER: delegate to another agent, then report its word.";
    public const string InnerPrompt = "SUB-NEST-INNER: answer with the word fig.";

    /// <summary>A prompt for a later run of claude that resumes (or forks) the session.</summary>
    public const string ResumePrompt = "RESUME-THREADS: one more word";
    public const string ResumeAnswer = "cherry, after the resume";

    public const string SingleAnswer = "apple from the single subagent";
    public const string Parallel1Answer = "pear from parallel subagent 1";
    public const string Parallel2Answer = "plum from parallel subagent 2";
    public const string OuterAnswer = "outer subagent reports: the inner one answered";
    public const string InnerAnswer = "fig from the nested inner subagent";

    /// <summary>Answers one request of the scenario; <see langword="null"/> for anything else (the upstream's default).</summary>
    public static ScriptedResponse? Respond(ScriptedRequest request)
    {
        var shape = RequestShape.Of(request);
        if (shape is null)
        {
            return null;
        }

        if (shape.ToolCount <= 0)
        {
            return Text("msg_01ThreadsUtility", """{"title":"Delegate subtasks"}""");
        }

        var first = shape.FirstUserText;
        var results = shape.ToolResultIds;
        if (first.Contains("SUB-SINGLE", StringComparison.Ordinal))
        {
            return results.Count == 0 ? Bash("msg_01ThreadsSingleBash", "toolu_01ThreadsSingleBash0000001", "echo from-single") : Text("msg_01ThreadsSingleDone", SingleAnswer);
        }

        if (first.Contains("SUB-PAR-1", StringComparison.Ordinal))
        {
            return results.Count == 0 ? Bash("msg_01ThreadsPar1Bash", "toolu_01ThreadsPar1Bash00000001", "echo from-par-1") : Text("msg_01ThreadsPar1Done", Parallel1Answer);
        }

        if (first.Contains("SUB-PAR-2", StringComparison.Ordinal))
        {
            return Text("msg_01ThreadsPar2Done", Parallel2Answer);
        }

        if (first.Contains("SUB-NEST-INNER", StringComparison.Ordinal))
        {
            return Text("msg_01ThreadsInnerDone", InnerAnswer);
        }

        if (first.Contains("SUB-NEST-OUTER", StringComparison.Ordinal))
        {
            return results.Count == 0
                ? Stream(new SseScript(messageId: "msg_01ThreadsOuterAgent").ToolUse(InnerToolUseId, "Agent", AgentInput("Inner word", InnerPrompt)).Build("tool_use"))
                : Text("msg_01ThreadsOuterDone", OuterAnswer);
        }

        if (!first.Contains("THREADS-SCENARIO", StringComparison.Ordinal))
        {
            return null;
        }

        if (results.Count == 0 && shape.LastUserText.Contains(ResumePrompt, StringComparison.Ordinal))
        {
            return Text("msg_01ThreadsResumed", ResumeAnswer);
        }

        if (results.Contains(NestedToolUseId))
        {
            return Text("msg_01ThreadsMainFinal", FinalText);
        }

        if (results.Contains(ParallelToolUseId1) || results.Contains(ParallelToolUseId2))
        {
            return Stream(new SseScript(messageId: "msg_01ThreadsMainNested").ToolUse(NestedToolUseId, "Agent", AgentInput("Nested delegation", OuterPrompt)).Build("tool_use"));
        }

        if (results.Contains(SingleToolUseId))
        {
            return Stream(new SseScript(messageId: "msg_01ThreadsMainParallel")
                .ToolUse(ParallelToolUseId1, "Agent", AgentInput("Pair one", Parallel1Prompt))
                .ToolUse(ParallelToolUseId2, "Agent", AgentInput("Pair two", Parallel2Prompt))
                .Build("tool_use"));
        }

        return Stream(new SseScript(messageId: "msg_01ThreadsMainSingle").ToolUse(SingleToolUseId, "Agent", AgentInput("Single word", SinglePrompt)).Build("tool_use"));
    }

    /// <summary>The input of an Agent tool call: a foreground general-purpose subagent.</summary>
    public static string AgentInput(string description, string prompt)
        => JsonSerializer.Serialize(new Dictionary<string, object> { ["description"] = description, ["prompt"] = prompt, ["subagent_type"] = "general-purpose", ["run_in_background"] = false });

    internal static ScriptedResponse Text(string messageId, string text) => Stream(new SseScript(messageId: messageId).Text(text).Build());

    internal static ScriptedResponse Bash(string messageId, string toolUseId, string command)
        => Stream(new SseScript(messageId: messageId).ToolUse(toolUseId, "Bash", JsonSerializer.Serialize(new Dictionary<string, string> { ["command"] = command, ["description"] = "scripted echo" })).Build("tool_use"));

    private static ScriptedResponse Stream(IReadOnlyList<ScriptedEvent> events) => ScriptedResponse.Stream(events);
}
