using CcTracer.Tool.Tests.EndToEnd;
using CcTracer.Tool.Tests.Support;

namespace CcTracer.Tool.Tests.Threads;

/// <summary>
/// Writes a traced session's log as a thread fixture: the log as the tracer wrote it (credentials
/// already redacted), with the sandbox's temporary paths turned into <c>/home/dev</c> paths.
/// </summary>
internal static class ThreadFixtures
{
    /// <summary>Saves every session log of the sandbox as <c>&lt;name&gt;.jsonl</c> (<c>&lt;name&gt;-2.jsonl</c>, … for later sessions); returns the first file.</summary>
    public static async Task<string> SaveAsync(ToolSandbox sandbox, string claude, string name, CancellationToken ct)
    {
        var version = await FixtureCaptureTests.VersionAsync(claude, ct);
        var target = Environment.GetEnvironmentVariable("CC_TRACER_RECAPTURE") == "1"
            ? Path.Combine(ClaudeCli.RepoRoot() ?? throw new DirectoryNotFoundException("CcTracer.sln not found"), "tests", "fixtures", $"claude-code-{version}-threads")
            : Path.Combine(sandbox.Root, "fixtures");
        Directory.CreateDirectory(target);
        var home = Path.Combine(sandbox.Root, "claude-home");
        (string Path, string Stable)[] paths = [(home, "/home/dev"), (sandbox.Project, "/home/dev/project"), (sandbox.Project.Replace('/', '-'), "-home-dev-project")];
        var logs = Directory.GetFiles(sandbox.LogDirectory, "*.jsonl").OrderBy(f => File.GetCreationTimeUtc(f)).ThenBy(f => f, StringComparer.Ordinal).ToList();
        string? first = null;
        for (var i = 0; i < logs.Count; i++)
        {
            var text = await File.ReadAllTextAsync(logs[i], ct);
            foreach (var (path, stable) in paths)
            {
                // JSON escapes nothing in these paths, so a plain replace keeps every line valid.
                text = text.Replace(path, stable, StringComparison.Ordinal);
            }

            var file = Path.Combine(target, i == 0 ? $"{name}.jsonl" : $"{name}-{i + 1}.jsonl");
            await File.WriteAllTextAsync(file, text, ct);
            first ??= file;
        }

        return first ?? throw new InvalidOperationException("the sandbox has no session log");
    }

    /// <summary>Where the fixture holds the key in clear (it must not): the whole key, or its tail after the redaction's prefix.</summary>
    public static IEnumerable<string> FindKey(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            var text = File.ReadAllText(file);
            if (text.Contains(ClaudeCli.ApiKey, StringComparison.Ordinal) || text.Contains(ClaudeCli.ApiKey[^12..], StringComparison.Ordinal))
            {
                yield return Path.GetFileName(file);
            }
        }
    }
}
