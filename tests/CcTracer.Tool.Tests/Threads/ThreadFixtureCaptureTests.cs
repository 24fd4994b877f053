using CcTracer.TestKit;
using CcTracer.TestKit.Threads;
using CcTracer.Tool.Tests.EndToEnd;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Threads;

/// <summary>
/// Re-captures the thread fixtures from the real CLI: sessions with subagents (single, parallel,
/// nested), a compaction and a continued session, traced to the scripted upstream, their session
/// logs written as fixtures with machine paths made stable. Always into a temporary folder, checked;
/// with <c>CC_TRACER_RECAPTURE=1</c> into <c>tests/fixtures/claude-code-&lt;version&gt;-threads/</c>.
/// </summary>
public sealed class ThreadFixtureCaptureTests
{
    [Fact]
    public async Task A_real_session_with_subagents_recaptures_its_log_without_a_secret()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(SubagentSession.Respond, ct);
        await using var sandbox = new ToolSandbox();

        var run = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri, ["-p", SubagentSession.Prompt, "--allowedTools", "Bash,Agent"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var stop = await TracedClaude.StopAsync(sandbox);
        Assert.True(stop.ExitCode == 0, stop.ToString());

        var written = await ThreadFixtures.SaveAsync(sandbox, claude, "subagents", ct);
        Assert.Contains(SubagentSession.FinalText, run.Stdout, StringComparison.Ordinal);
        Assert.Empty(ThreadFixtures.FindKey(Path.GetDirectoryName(written)!));
    }
}
