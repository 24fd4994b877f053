using System.Diagnostics;
using CcTracer.Settings;
using CcTracer.Tool.Cli;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Lifecycle;

/// <summary>
/// Stopping a tracer while the UI is open: each tab holds a <c>GET /api/live</c> stream, which must
/// not hold the server up. Waits are generous; what is asserted is the outcome.
/// </summary>
[Collection(ServerProcessCollection.Name)]
public sealed class StopWithOpenUiTests
{
    private static readonly TimeSpan GenerousWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stop_with_open_live_streams_ends_them_stops_the_server_and_removes_the_hooks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();
        var original = sandbox.WriteOriginalSettings();
        var start = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--settings", sandbox.SettingsPath);
        Assert.True(start.ExitCode == 0, start.ToString());
        var pid = sandbox.StatePid()!.Value;
        using var firstTab = await LiveClient.ConnectAsync(sandbox.Port, ct);
        using var secondTab = await LiveClient.ConnectAsync(sandbox.Port, ct);

        var stop = await sandbox.RunAsync("stop", "--port", sandbox.PortText, "--settings", sandbox.SettingsPath);

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(await firstTab.EndedCleanlyAsync(GenerousWait, ct), "the first live stream was cut, not ended");
        Assert.True(await secondTab.EndedCleanlyAsync(GenerousWait, ct), "the second live stream was cut, not ended");
        Assert.True(sandbox.PortIsFree());
        Assert.False(ServerSupervisor.IsAlive(pid));
        Assert.Equal(original, File.ReadAllBytes(sandbox.SettingsPath));
    }

    [Fact]
    public async Task Sigterm_with_an_open_live_stream_ends_it_and_the_server_exits()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is POSIX.");
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();
        var start = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--settings", sandbox.SettingsPath);
        Assert.True(start.ExitCode == 0, start.ToString());
        var pid = sandbox.StatePid()!.Value;
        using var tab = await LiveClient.ConnectAsync(sandbox.Port, ct);

        await ToolSandbox.SignalAsync(pid, "TERM");

        // Ended by the server, not cut when its grace period ran out.
        Assert.True(await tab.EndedCleanlyAsync(GenerousWait, ct), "the live stream was cut, not ended");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(GenerousWait);
        while (ServerSupervisor.IsAlive(pid) || File.Exists(sandbox.StateFile))
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.True(sandbox.PortIsFree());
    }

    [Fact]
    public async Task Stop_that_cannot_stop_the_server_removes_the_hooks_anyway_and_says_what_it_could_not_do()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The stubborn server ignores SIGTERM, which is POSIX.");
        var ct = TestContext.Current.CancellationToken;
        await using var sandbox = new ToolSandbox();
        var original = sandbox.WriteOriginalSettings();
        await new SettingsMerger(new SettingsMergerOptions { Port = sandbox.Port }).MergeAsync(sandbox.SettingsPath, ct);
        Assert.NotEqual(original, File.ReadAllBytes(sandbox.SettingsPath));

        // A "tracer" whose process ignores SIGTERM and whose port keeps answering: it cannot be stopped.
        using var stubborn = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", "trap '' TERM; exec sleep 600" } })!;
        try
        {
            await using var server = new FakeTracer(sandbox.Port, FakeTracer.Health(stubborn.Id, sandbox.LogDirectory));

            var stop = await sandbox.RunAsync("stop", "--port", sandbox.PortText, "--settings", sandbox.SettingsPath, "--timeout", "1");

            Assert.True(stop.ExitCode == ExitCodes.Failure, stop.ToString());
            Assert.Contains($"pid {stubborn.Id}) is still running", stop.Stderr, StringComparison.Ordinal);
            Assert.Contains("removing its hooks anyway", stop.Stderr, StringComparison.Ordinal);
            Assert.Equal(original, File.ReadAllBytes(sandbox.SettingsPath));
            Assert.False(stubborn.HasExited);
        }
        finally
        {
            stubborn.Kill();
        }
    }
}
