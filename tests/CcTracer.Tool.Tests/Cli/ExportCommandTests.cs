using System.Text.Json;
using CcTracer.TestKit;
using CcTracer.Tool.Cli;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

/// <summary><c>cc-tracer export</c> through the real command line, no server running.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cc-tracer-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Export_har_of_a_log_file_writes_the_file_named_by_o()
    {
        var session = MarkedSession.Write(_dir);
        var target = Path.Combine(_dir, "out.har");

        var (code, output, _) = await RunAsync("export", "har", session, "-o", target);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(target, output, StringComparison.Ordinal);
        using var har = JsonDocument.Parse(await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken));
        Assert.Equal(3, har.RootElement.GetProperty("log").GetProperty("entries").GetArrayLength());
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task A_session_id_is_found_in_log_dir_and_no_content_leaves_out_the_text()
    {
        MarkedSession.Write(_dir);
        var target = Path.Combine(_dir, "out.md");

        var (code, _, _) = await RunAsync("export", "md", MarkedSession.SessionId, "--log-dir", _dir, "-o", target, "--no-content");

        Assert.Equal(ExitCodes.Success, code);
        var md = await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken);
        Assert.Contains("## Main conversation", md, StringComparison.Ordinal);
        Assert.All(MarkedSession.Markers, m => Assert.DoesNotContain(m, md, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_html_needs_no_server()
    {
        var session = MarkedSession.Write(_dir);
        var target = Path.Combine(_dir, "snap.html");

        var (code, _, _) = await RunAsync("export", "html", session, "-o", target);

        Assert.Equal(ExitCodes.Success, code);
        var html = await File.ReadAllTextAsync(target, TestContext.Current.CancellationToken);
        Assert.Contains($"data-cc-url=\"api/sessions/{MarkedSession.SessionId}/records/8\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_session_is_a_usage_error_and_writes_nothing()
    {
        var target = Path.Combine(_dir, "none.har");

        var (code, _, error) = await RunAsync("export", "har", "no-such-session", "--log-dir", _dir, "-o", target);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("No session log", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_failed_export_leaves_no_file_behind()
    {
        // A log whose file name is not a session id: the snapshot's API cannot find it by id.
        var session = Path.Combine(_dir, "not.an.id.jsonl");
        File.Move(MarkedSession.Write(_dir), session);
        var target = Path.Combine(_dir, "snap.html");

        var (code, _, error) = await RunAsync("export", "html", session, "-o", target);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("not.an.id", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TracerCommandLine.RunAsync(args, new ToolOutput(output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
