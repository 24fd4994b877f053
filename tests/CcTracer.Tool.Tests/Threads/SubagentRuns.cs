using CcTracer.TestKit;
using CcTracer.TestKit.Threads;
using CcTracer.Tool.Tests.EndToEnd;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Threads;

/// <summary>
/// The real claude, through <c>cc-tracer start</c>, runs <see cref="SubagentSession"/> (single, parallel and
/// nested subagents), then forks it with <c>--resume ID --fork-session</c>. The tracer keeps running.
/// </summary>
internal static class SubagentRuns
{
    /// <summary>
    /// The tests that run these sessions share one collection, so they run one after another: two
    /// claude sessions with five subagents each, side by side on a loaded 2-core machine, outlast the
    /// sandbox's run timeout.
    /// </summary>
    public const string Collection = "real claude with subagents";

    public static async Task<(string SessionId, ToolRun Run, ToolRun Fork)> RunWithForkAsync(ToolSandbox sandbox, string claude, ScriptedUpstream upstream)
    {
        var run = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri, ["-p", SubagentSession.Prompt, "--allowedTools", "Bash,Agent"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(SubagentSession.FinalText, run.Stdout, StringComparison.Ordinal);
        var sessionId = upstream.Requests.Select(r => r.Header("X-Claude-Code-Session-Id")).First(id => id is not null)!;
        var fork = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri, ["--resume", sessionId, "--fork-session", "-p", SubagentSession.ResumePrompt]);
        Assert.True(fork.ExitCode == 0, fork.ToString());
        Assert.Contains(SubagentSession.ResumeAnswer, fork.Stdout, StringComparison.Ordinal);
        return (sessionId, run, fork);
    }
}
