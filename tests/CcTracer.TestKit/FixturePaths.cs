namespace CcTracer.TestKit;

/// <summary>Locates the fixtures copied next to each test assembly.</summary>
public static class FixturePaths
{
    /// <summary>The folder holding the real Claude Code 2.1.197 payloads (a one-tool session).</summary>
    public static string ClaudeCode2_1_197 => Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.197");

    /// <summary>
    /// The folder holding real Claude Code 2.1.332 payloads: a main loop that delegates to a subagent which
    /// runs Bash (<c>*-subagent.json</c> and <c>request-subagent-*.json</c> are the subagent's).
    /// </summary>
    public static string ClaudeCode2_1_332 => Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.332");

    /// <summary>
    /// Claude Code 2.1.332's one-tool session, re-captured by <c>FixtureCaptureTests</c>
    /// (<c>CC_TRACER_RECAPTURE=1</c>), in the 2.1.197 folder's layout.
    /// </summary>
    public static string ClaudeCode2_1_332OneToolSession => Path.Combine(ClaudeCode2_1_332, "one-tool-session");

    /// <summary>Every hook fixture of every release, for tests that hold for all of them.</summary>
    public static IReadOnlyList<string> AllHookFixtures
        => new[] { ClaudeCode2_1_197, ClaudeCode2_1_332, ClaudeCode2_1_332OneToolSession }
            .SelectMany(dir => Directory.GetFiles(dir, "hook-*.json"))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>A 2.1.197 fixture file by name, e.g. <c>hook-PreToolUse.json</c>.</summary>
    public static string File(string name) => Path.Combine(ClaudeCode2_1_197, name);
}
