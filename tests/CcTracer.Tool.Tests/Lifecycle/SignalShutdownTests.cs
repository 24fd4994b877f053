using System.Diagnostics;
using System.Text;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Lifecycle;

[Collection(ServerProcessCollection.Name)]
public sealed class SignalShutdownTests
{
    [Fact]
    public async Task Sigterm_stops_the_server_after_writing_every_accepted_record()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is POSIX.");
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();
        var start = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory);
        Assert.True(start.ExitCode == 0, start.ToString());
        var pid = sandbox.StatePid()!.Value;

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.PortText}/") };
        for (var i = 0; i < 200; i++)
        {
            using var content = new StringContent($$"""{"session_id":"sigterm-session","hook_event_name":"Notification","n":{{i}}}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri("hooks/Notification", UriKind.Relative), content, ct);
            response.EnsureSuccessStatusCode();
        }

        await ToolSandbox.SignalAsync(pid, "TERM");

        var deadline = Stopwatch.StartNew();
        while (!sandbox.PortIsFree() || File.Exists(sandbox.StateFile))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the server did not stop within 30 s of SIGTERM");
            await Task.Delay(50, ct);
        }

        var lines = File.ReadAllLines(Path.Combine(sandbox.LogDirectory, "sigterm-session.jsonl"));
        Assert.Equal(200, lines.Count(l => l.Contains("\"type\":\"hook\"", StringComparison.Ordinal)));
    }
}
