namespace CcTracer.Tool.Claude;

/// <summary>Finds the <c>claude</c> CLI: <c>$CC_TRACER_CLAUDE</c> when set, else the first on <c>PATH</c>.</summary>
internal static class ClaudeExecutable
{
    public const string OverrideVariable = "CC_TRACER_CLAUDE";

    /// <summary>The executable's path, or <see langword="null"/> with <paramref name="problem"/> saying what was looked for.</summary>
    public static string? Find(out string problem)
    {
        var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            problem = $"{OverrideVariable} is set to '{overridden}', which does not exist";
            return File.Exists(overridden) ? Path.GetFullPath(overridden) : null;
        }

        problem = $"'claude' is not on PATH (install it with `npm install -g @anthropic-ai/claude-code`, or set {OverrideVariable} to its path)";
        var names = OperatingSystem.IsWindows() ? new[] { "claude.exe", "claude.cmd", "claude" } : ["claude"];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
        => OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
