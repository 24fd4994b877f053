using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

[Collection(ServerProcessCollection.Name)]
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_announces_the_address_it_really_binds_and_where_the_ui_opens()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Stopped with SIGTERM, which is POSIX.");
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();
        using var serve = sandbox.StartTool(["serve", "--bind", "0.0.0.0", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory]);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ToolSandbox.RunTimeout);
        string? listening = null;
        var seen = new List<string>();
        while (listening is null && await serve.StandardError.ReadLineAsync(deadline.Token) is { } line)
        {
            seen.Add(line);
            listening = line.Contains("listening on", StringComparison.Ordinal) ? line : null;
        }

        await ToolSandbox.SignalAsync(serve.Id, "TERM");
        await serve.WaitForExitAsync(deadline.Token);

        Assert.True(listening is not null, string.Join('\n', seen));
        Assert.Contains($"listening on http://0.0.0.0:{sandbox.PortText}/ (UI: http://127.0.0.1:{sandbox.PortText}/)", listening, StringComparison.Ordinal);
    }
}
