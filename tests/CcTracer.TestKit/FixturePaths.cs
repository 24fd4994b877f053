namespace CcTracer.TestKit;

/// <summary>Locates the fixtures copied next to each test assembly.</summary>
public static class FixturePaths
{
    /// <summary>The folder holding the real Claude Code 2.1.197 payloads.</summary>
    public static string ClaudeCode2_1_197 => Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.197");

    /// <summary>A fixture file by name, e.g. <c>hook-PreToolUse.json</c>.</summary>
    public static string File(string name) => Path.Combine(ClaudeCode2_1_197, name);
}
