using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CcTracer.Replay;
using CcTracer.TestKit;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// Replay's promise, end to end: a session the tracer recorded from the real Claude Code CLI, served by
/// <c>cc-tracer replay</c>, lets the real CLI re-run it offline — same tool loop, same final answer.
/// </summary>
public sealed class ReplayEndToEndTests
{
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_real_claude_pointed_at_cc_tracer_replay_of_a_recorded_tool_using_session_completes_and_prints_the_recorded_final_text()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the replay server is stopped with SIGINT, which is POSIX.");
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();

        // Record: the real claude, through the tracer, against the scripted upstream.
        await using (var upstream = await ScriptedUpstream.StartAsync(ScriptedClaudeSession.Respond, ct))
        {
            var recording = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri);
            Assert.True(recording.ExitCode == 0, recording.ToString());
            var stop = await TracedClaude.StopAsync(sandbox);
            Assert.True(stop.ExitCode == 0, stop.ToString());
        }

        // The upstream is gone now: every answer the replayed claude gets can only come from the log.
        var log = Assert.Single(Directory.GetFiles(sandbox.LogDirectory, "*.jsonl"));
        var recorded = await RecordedSession.LoadAsync(log, ct);
        Assert.Equal(ScriptedClaudeSession.FinalText, recorded.FinalText);
        Assert.Contains(recorded.Turns, t => t.ToolUseBlocks.Any(b => b.GetProperty("name").GetString() == "Bash"));
        var exchanges = recorded.Exchanges.Count;

        // Replay: the real tool executable, then the real claude with the same prompt, fresh HOME and project.
        var port = ToolSandbox.FreePort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        using var replay = sandbox.StartTool(["replay", log, "--port", port.ToString(CultureInfo.InvariantCulture)]);
        var replayOut = replay.StandardOutput.ReadToEndAsync(ct);
        var replayErr = replay.StandardError.ReadToEndAsync(ct);
        try
        {
            await WaitUntilAnswersAsync(address, replay, ct);
            var home = Path.Combine(sandbox.Root, "replay-home");

            // The recording holds no title call (claude makes one here): replay answers it with a mismatch, not the tool turn.
            var run = await ClaudeCli.RunAsync(claude, Path.Combine(sandbox.Root, "replay-project"), home, address, ct);

            // Ctrl+C, as a user ends a foreground replay: the server reports what it served on the way out.
            await ToolSandbox.SignalAsync(replay.Id, "INT");
            using (var exit = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                exit.CancelAfter(ServerTimeout);
                try
                {
                    await replay.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Assert.Fail($"cc-tracer replay did not exit within {ServerTimeout} of SIGINT.\n--- claude\n{run}");
                }
            }

            var served = $"{await replayOut}\n--- replay stderr\n{await replayErr}";
            Assert.True(run.ExitCode == 0, $"{run}\n--- replay stdout\n{served}");
            Assert.Contains(ScriptedClaudeSession.FinalText, run.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, replay.ExitCode);
            Assert.Contains($"Served {exchanges} of {exchanges} exchange(s).", served, StringComparison.Ordinal);

            // The tool loop really ran again: claude executed Bash for the replayed tool_use and kept its output.
            Assert.Equal("hi", ToolResultText(home, ScriptedClaudeSession.ToolUseId));
        }
        finally
        {
            if (!replay.HasExited)
            {
                replay.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Polls <c>HEAD /</c> (claude's own reachability probe) until the replay server answers it.</summary>
    private static async Task WaitUntilAnswersAsync(Uri address, Process server, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, "cc-tracer replay exited before it answered HEAD /");
            Assert.True(waited.Elapsed < ServerTimeout, $"cc-tracer replay did not answer HEAD {address} within {ServerTimeout}");
            try
            {
                using var probe = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, address), ct);
                if (probe.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// The trimmed text of the <c>tool_result</c> for <paramref name="toolUseId"/> in claude's own transcripts
    /// (<c>~/.claude/projects/**.jsonl</c>): what Bash printed when claude ran it. Null when there is none.
    /// </summary>
    private static string? ToolResultText(string home, string toolUseId)
    {
        var projects = Path.Combine(home, ".claude", "projects");
        var transcripts = Directory.Exists(projects) ? Directory.GetFiles(projects, "*.jsonl", SearchOption.AllDirectories) : [];
        foreach (var line in transcripts.SelectMany(File.ReadLines))
        {
            using var entry = JsonDocument.Parse(line);
            if (!entry.RootElement.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var block in content.EnumerateArray())
            {
                if (block.TryGetProperty("type", out var type) && type.GetString() == "tool_result"
                    && block.TryGetProperty("tool_use_id", out var id) && id.GetString() == toolUseId
                    && block.TryGetProperty("content", out var result))
                {
                    return (result.ValueKind == JsonValueKind.String
                        ? result.GetString()
                        : string.Concat(result.EnumerateArray().Select(b => b.TryGetProperty("text", out var t) ? t.GetString() : null)))?.Trim();
                }
            }
        }

        return null;
    }
}
