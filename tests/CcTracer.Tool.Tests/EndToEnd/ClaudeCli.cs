namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>Finds the real Claude Code CLI the repository's test script installs.</summary>
internal static class ClaudeCli
{
    public const string Variable = "CC_TRACER_CLAUDE_BIN";

    /// <summary><c>$CC_TRACER_CLAUDE_BIN</c>, else <c>&lt;repo&gt;/.tools/node_modules/.bin/claude</c>; null when neither exists.</summary>
    public static string? Find(out string lookedAt)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            lookedAt = fromEnvironment;
            return File.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CcTracer.sln")))
        {
            dir = dir.Parent;
        }

        lookedAt = Path.Combine(dir?.FullName ?? "<repo>", ".tools", "node_modules", ".bin", "claude");
        return File.Exists(lookedAt) ? lookedAt : null;
    }
}
