using CcTracer.Tool.Tests.Support;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// The recording half of the end-to-end tests: the real claude, launched by <c>cc-tracer start</c> in a
/// sandbox, runs the scripted session (<see cref="ScriptedClaudeSession"/>) through the tracer to an upstream.
/// </summary>
internal static class TracedClaude
{
    /// <summary>
    /// <c>cc-tracer start --upstream U -- &lt;the scripted prompt&gt;</c> in the sandbox's project, claude with its
    /// own HOME under the sandbox. The tracer server keeps running afterwards: <see cref="StopAsync"/> ends it.
    /// </summary>
    /// <param name="sandbox">Where it runs.</param>
    /// <param name="claude">The CLI.</param>
    /// <param name="upstream">The scripted upstream.</param>
    /// <param name="claudeArgs">What claude is run with; the one-tool session's prompt by default.</param>
    public static async Task<ToolRun> StartAsync(ToolSandbox sandbox, string claude, Uri upstream, IReadOnlyList<string>? claudeArgs = null)
    {
        var claudeHome = Path.Combine(sandbox.Root, "claude-home");
        Directory.CreateDirectory(claudeHome);
        sandbox.Environment["CC_TRACER_CLAUDE"] = claude;
        sandbox.Environment["HOME"] = claudeHome;
        sandbox.Environment["ANTHROPIC_API_KEY"] = ClaudeCli.ApiKey;
        string[] args =
        [
            "start", "--settings", sandbox.SettingsPath, "--upstream", upstream.ToString().TrimEnd('/'), "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory,
            "--", .. claudeArgs ?? ScriptedClaudeSession.ClaudeArgs,
        ];
        return await sandbox.RunAsync(args);
    }

    /// <summary><c>cc-tracer stop</c>: flushes every pending record, so the session log is complete afterwards.</summary>
    public static Task<ToolRun> StopAsync(ToolSandbox sandbox)
        => sandbox.RunAsync("stop", "--port", sandbox.PortText, "--settings", sandbox.SettingsPath);
}
