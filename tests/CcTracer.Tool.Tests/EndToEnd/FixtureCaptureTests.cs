using System.Diagnostics;
using System.Text.Json;
using CcTracer.TestKit;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// Re-captures the Claude Code fixtures from the real CLI: the one-tool session traced to the scripted
/// upstream, its hooks and requests written as fixture files. Always into a temporary folder, checked;
/// with <c>CC_TRACER_RECAPTURE=1</c> into <c>tests/fixtures/claude-code-&lt;version&gt;/one-tool-session/</c>.
/// </summary>
public sealed class FixtureCaptureTests
{
    private static readonly string[] Expected =
    [
        "hook-SessionStart.json", "hook-UserPromptSubmit.json", "hook-PreToolUse.json", "hook-PostToolUse.json",
        "hook-PostToolBatch.json", "hook-Stop.json", "hook-SessionEnd.json", "request-first-turn.json", "request-after-tool-result.json",
    ];

    [Fact]
    public async Task A_real_session_recaptures_every_hook_and_request_fixture_without_a_secret()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(ScriptedClaudeSession.Respond, ct);
        await using var sandbox = new ToolSandbox();

        var run = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri);
        Assert.True(run.ExitCode == 0, run.ToString());
        var stop = await TracedClaude.StopAsync(sandbox);
        Assert.True(stop.ExitCode == 0, stop.ToString());

        var records = await ClaudeEndToEndTests.ReadAsync(Assert.Single(Directory.GetFiles(sandbox.LogDirectory, "*.jsonl")), ct);

        var version = await VersionAsync(claude, ct);
        var target = Environment.GetEnvironmentVariable("CC_TRACER_RECAPTURE") == "1"
            ? Path.Combine(ClaudeCli.RepoRoot() ?? throw new DirectoryNotFoundException("CcTracer.sln not found"), "tests", "fixtures", $"claude-code-{version}", "one-tool-session")
            : Path.Combine(sandbox.Root, "fixtures");
        var home = Path.Combine(sandbox.Root, "claude-home");
        var written = FixtureCapture.Write(records, target, [(home, "/home/dev"), (sandbox.Project, "/home/dev/project"), (sandbox.Project.Replace('/', '-'), "-home-dev-project")]);

        Assert.Empty(Expected.Except(written));
        Assert.Empty(FixtureCapture.FindSecrets(target, ClaudeCli.ApiKey));
        foreach (var file in Directory.GetFiles(target, "*.json").Where(f => Path.GetFileName(f) != "sequence.json"))
        {
            var text = await File.ReadAllTextAsync(file, ct);
            Assert.DoesNotContain(sandbox.Root, text, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(text);
            if (Path.GetFileName(file).StartsWith("hook-", StringComparison.Ordinal))
            {
                Assert.Equal(Path.GetFileNameWithoutExtension(file)["hook-".Length..], json.RootElement.GetProperty("hook_event_name").GetString());
                Assert.Equal("/home/dev/project", json.RootElement.GetProperty("cwd").GetString());
            }
            else
            {
                Assert.Contains("[redacted", json.RootElement.GetProperty("headers").GetProperty("x-api-key").GetString(), StringComparison.Ordinal);
                Assert.Contains($"claude-cli/{version}", json.RootElement.GetProperty("headers").GetProperty("User-Agent").GetString(), StringComparison.Ordinal);
            }
        }
    }

    internal static async Task<string> VersionAsync(string claude, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(claude, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return output.Split(' ', 2)[0].Trim();
    }
}
