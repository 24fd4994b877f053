using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

[Collection(ServerProcessCollection.Name)]
public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_shows_dropped_records_and_write_failures_and_warns_about_them()
    {
        await using var sandbox = new ToolSandbox();
        await using var server = new FakeTracer(sandbox.Port, FakeTracer.Health(Environment.ProcessId, sandbox.LogDirectory, dropped: 2, writeFailures: 3));

        var status = await sandbox.RunAsync("status", "--port", sandbox.PortText);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("10 accepted, 2 dropped, 3 write failures", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: the tracer on port " + sandbox.PortText + " lost records", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_a_healthy_tracer_shows_no_losses_and_no_warning()
    {
        await using var sandbox = new ToolSandbox();
        await using var server = new FakeTracer(sandbox.Port, FakeTracer.Health(Environment.ProcessId, sandbox.LogDirectory));

        var status = await sandbox.RunAsync("status", "--port", sandbox.PortText);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("10 accepted, 0 dropped, 0 write failures", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", status.Stderr, StringComparison.Ordinal);
    }
}
