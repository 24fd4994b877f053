using CcTracer.Tool.Cli;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

/// <summary><c>cc-tracer sessions</c> and <c>sessions prune</c> over a real log directory.</summary>
public sealed class SessionsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cc-sessions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Lists_sessions_with_their_first_prompt_and_project()
    {
        var ct = TestContext.Current.CancellationToken;
        Write("s-one", ended: true, prompt: "fix the flaky test", age: TimeSpan.Zero);
        var stdout = new StringWriter();

        Assert.Equal(0, await SessionsCommand.ListAsync(_dir, json: false, new ToolOutput(stdout, TextWriter.Null), ct));

        var line = Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("s-one", line, StringComparison.Ordinal);
        Assert.Contains("fix the flaky test", line, StringComparison.Ordinal);
        Assert.Contains("/home/dev/project", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_removes_old_then_oldest_over_the_cap_but_never_a_live_session()
    {
        var ct = TestContext.Current.CancellationToken;
        Write("s-old", ended: true, prompt: "old", age: TimeSpan.FromDays(40));
        Write("s-recent", ended: true, prompt: "recent", age: TimeSpan.FromDays(2));
        Write("s-live", ended: false, prompt: "live", age: TimeSpan.Zero);
        var stdout = new StringWriter();

        Assert.Equal(0, await SessionsCommand.PruneAsync(_dir, "30d", null, new ToolOutput(stdout, TextWriter.Null), TimeProvider.System, ct));
        Assert.False(File.Exists(Path.Combine(_dir, "s-old.jsonl")));
        Assert.True(File.Exists(Path.Combine(_dir, "s-recent.jsonl")));
        Assert.Contains("removed " + Path.Combine(_dir, "s-old.jsonl"), stdout.ToString(), StringComparison.Ordinal);

        // A cap of one byte takes everything that may go: the live session stays.
        Assert.Equal(0, await SessionsCommand.PruneAsync(_dir, null, "1B", new ToolOutput(TextWriter.Null, TextWriter.Null), TimeProvider.System, ct));
        Assert.Equal(["s-live.jsonl"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("30x", null)]
    [InlineData(null, "lots")]
    [InlineData(null, null)]
    public async Task Prune_with_bad_or_no_limits_is_a_usage_error(string? age, string? size)
    {
        var error = new StringWriter();
        Assert.Equal(2, await SessionsCommand.PruneAsync(_dir, age, size, new ToolOutput(TextWriter.Null, error), TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.NotEmpty(error.ToString());
    }

    private void Write(string id, bool ended, string prompt, TimeSpan age)
    {
        var path = Path.Combine(_dir, id + ".jsonl");
        var lines = new List<string>
        {
            $$$"""{"v":1,"seq":1,"type":"hook","ts":"2026-12-01T10:00:00Z","session_id":"{{{id}}}","event":"UserPromptSubmit","payload":{"session_id":"{{{id}}}","hook_event_name":"UserPromptSubmit","cwd":"/home/dev/project","prompt":"{{{prompt}}}"}}""",
        };
        if (ended)
        {
            lines.Add($$$"""{"v":1,"seq":2,"type":"hook","ts":"2026-12-01T10:01:00Z","session_id":"{{{id}}}","event":"SessionEnd","payload":{"session_id":"{{{id}}}","hook_event_name":"SessionEnd","cwd":"/home/dev/project"}}""");
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
    }
}
