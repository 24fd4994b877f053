using CcTracer.TestKit;

namespace CcTracer.OpenTelemetry.Tests.Support;

/// <summary>
/// The session fixtures. otel/subagent-session.jsonl is built from Claude Code 2.1.332's real
/// requests and hook payloads (fixtures/claude-code-2.1.332): a main call carrying a
/// <c>traceparent</c> that asks for the Agent tool, the subagent's two calls around its Bash
/// call, an overloaded (529) retry and the final answer.
/// </summary>
internal static class Fixtures
{
    public const string SessionId = "de183bee-e836-4b2f-bf42-7197ffb24db2";
    public const string TraceParentTraceId = "0af7651916cd43dd8448eb211c80319c";
    public const string TraceParentSpanId = "b7ad6b7169203331";
    public const string AgentToolUseId = "toolu_01AgentCallXyz";
    public const string SubagentBashToolUseId = "toolu_01SubagentBash";

    public static string SubagentSession => Path.Combine(AppContext.BaseDirectory, "fixtures", "otel", "subagent-session.jsonl");

    public static string OneToolSession => Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl");
}
