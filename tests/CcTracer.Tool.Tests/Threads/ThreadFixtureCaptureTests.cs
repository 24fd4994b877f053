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
[Collection(SubagentRuns.Collection)]
public sealed class ThreadFixtureCaptureTests
{
    [Fact]
    public async Task A_real_session_with_subagents_recaptures_its_log_without_a_secret()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(SubagentSession.Respond, ct);
        await using var sandbox = new ToolSandbox();

        await SubagentRuns.RunWithForkAsync(sandbox, claude, upstream);
        var stop = await TracedClaude.StopAsync(sandbox);
        Assert.True(stop.ExitCode == 0, stop.ToString());

        var written = await ThreadFixtures.SaveAsync(sandbox, claude, "subagents", ct);
        Assert.Empty(ThreadFixtures.FindKey(Path.GetDirectoryName(written)!));
    }

    [Fact]
    public async Task A_real_session_that_compacts_and_is_continued_recaptures_its_logs()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var script = new CompactionSession();
        await using var upstream = await ScriptedUpstream.StartAsync(script.Respond, ct);
        await using var sandbox = new ToolSandbox();

        var first = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri, ["-p", CompactionSession.Prompt, "--allowedTools", "Bash"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True((await TracedClaude.StopAsync(sandbox)).ExitCode == 0);
        // `claude -c` keeps the session id (2.1.332): the manual compaction lands in the same log.
        var manual = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri, ["-c", "-p", "/compact"]);
        Assert.True(manual.ExitCode == 0, manual.ToString());
        Assert.True((await TracedClaude.StopAsync(sandbox)).ExitCode == 0);
        var sessionId = upstream.Requests.Select(r => r.Header("X-Claude-Code-Session-Id")).First(id => id is not null)!;
        var resumed = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri, ["--resume", sessionId, "--fork-session", "-p", CompactionSession.ResumePrompt, "--allowedTools", "Bash"]);
        Assert.True((await TracedClaude.StopAsync(sandbox)).ExitCode == 0);

        var written = await ThreadFixtures.SaveAsync(sandbox, claude, "compaction", ct);
        Assert.Equal(2, Directory.GetFiles(sandbox.LogDirectory, "*.jsonl").Length);
        Assert.Contains(script.Seen, CompactionSession.LooksLikeSummaryRequest);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Empty(ThreadFixtures.FindKey(Path.GetDirectoryName(written)!));
    }
}
