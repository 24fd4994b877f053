using System.Diagnostics;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>Finds the real Claude Code CLI the repository's test script installs, and runs it directly.</summary>
internal static class ClaudeCli
{
    public const string Variable = "CC_TRACER_CLAUDE_BIN";

    /// <summary>A fake key: claude needs one to call the API, and the tests check it never reaches a log.</summary>
    public const string ApiKey = "sk-ant-test-e2e-0000000000000000";

    /// <summary>$CC_TRACER_CLAUDE_BIN, else <c>&lt;repo&gt;/.tools/node_modules/.bin/claude</c>; skips the test when neither exists.</summary>
    public static string FindOrSkip()
    {
        var claude = Find(out var lookedAt);
        Assert.SkipWhen(claude is null, $"Claude Code CLI not installed (looked at {lookedAt}); run ./scripts/test.sh (it installs the pinned release into .tools/) or set {Variable}.");
        return claude!;
    }

    /// <summary><c>$CC_TRACER_CLAUDE_BIN</c>, else <c>&lt;repo&gt;/.tools/node_modules/.bin/claude</c>; null when neither exists.</summary>
    public static string? Find(out string lookedAt)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            lookedAt = fromEnvironment;
            return File.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        lookedAt = Path.Combine(RepoRoot() ?? "<repo>", ".tools", "node_modules", ".bin", "claude");
        return File.Exists(lookedAt) ? lookedAt : null;
    }

    /// <summary>The repository's root (the folder holding CcTracer.sln above the test assembly), or null.</summary>
    public static string? RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CcTracer.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    /// <summary>
    /// Runs the scripted session's prompt (<see cref="ScriptedClaudeSession.ClaudeArgs"/>) with claude pointed
    /// straight at <paramref name="baseUrl"/>, in <paramref name="project"/> with its own <paramref name="home"/>
    /// (both created) and none of the caller's Anthropic/Claude variables.
    /// Killed after <see cref="ToolSandbox.RunTimeout"/>.
    /// </summary>
    public static async Task<ToolRun> RunAsync(string claude, string project, string home, Uri baseUrl, CancellationToken ct)
    {
        Directory.CreateDirectory(project);
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo(claude)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = project,
        };
        foreach (var arg in ScriptedClaudeSession.ClaudeArgs)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || n.StartsWith("CLAUDE", StringComparison.Ordinal) || n.StartsWith("_CLAUDE", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = home;
        start.Environment["ANTHROPIC_API_KEY"] = ApiKey;
        start.Environment["ANTHROPIC_BASE_URL"] = baseUrl.ToString().TrimEnd('/');
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ToolSandbox.RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}
