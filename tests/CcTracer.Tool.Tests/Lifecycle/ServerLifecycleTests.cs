using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CcTracer.Tool.Cli;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Lifecycle;

/// <summary>The real executable, started, reused, stopped and recovered, each test on its own port and home.</summary>
[Collection(ServerProcessCollection.Name)]
public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task Start_status_stop_round_trip_leaves_nothing_behind()
    {
        await using var sandbox = new ToolSandbox();
        var original = sandbox.WriteOriginalSettings();

        var first = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory);
        Assert.True(first.ExitCode == 0, first.ToString());
        var health = await sandbox.HealthAsync();
        Assert.NotNull(health);
        Assert.Equal("cc-tracer", health.Value.GetProperty("name").GetString());
        Assert.Equal(sandbox.LogDirectory, health.Value.GetProperty("log_dir").GetString());
        var pid = health.Value.GetProperty("pid").GetInt32();
        Assert.Equal(pid, sandbox.StatePid());
        Assert.Contains("X-Cc-Tracer", File.ReadAllText(sandbox.SettingsPath), StringComparison.Ordinal);
        Assert.Contains("UI: http://127.0.0.1:" + sandbox.PortText, first.Stderr, StringComparison.Ordinal);

        var second = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("already running", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(pid, (await sandbox.HealthAsync())!.Value.GetProperty("pid").GetInt32());

        var status = await sandbox.RunAsync("status", "--port", sandbox.PortText);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"running on port {sandbox.PortText} (pid {pid})", status.Stdout, StringComparison.Ordinal);
        Assert.Contains(sandbox.LogDirectory, status.Stdout, StringComparison.Ordinal);
        Assert.Contains("sessions captured: 0", status.Stdout, StringComparison.Ordinal);
        Assert.Contains(sandbox.SettingsPath, status.Stdout, StringComparison.Ordinal);

        var stop = await sandbox.RunAsync("stop", "--port", sandbox.PortText, "--settings", sandbox.SettingsPath);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(sandbox.PortIsFree());
        Assert.False(File.Exists(sandbox.StateFile));
        Assert.Equal(original, File.ReadAllBytes(sandbox.SettingsPath));
        Assert.False(ProcessIsAlive(pid));

        var again = await sandbox.RunAsync("stop", "--port", sandbox.PortText);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("no tracer is running", again.Stderr, StringComparison.Ordinal);

        var after = await sandbox.RunAsync("status", "--port", sandbox.PortText);
        Assert.Equal(ExitCodes.Failure, after.ExitCode);
        Assert.Contains("not running", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_without_settings_removes_hooks_from_where_start_put_them()
    {
        await using var sandbox = new ToolSandbox();
        var original = sandbox.WriteOriginalSettings();
        var start = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--settings", sandbox.SettingsPath);
        Assert.True(start.ExitCode == 0, start.ToString());

        var stop = await sandbox.RunInAsync(sandbox.Root, "stop", "--port", sandbox.PortText);

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(original, File.ReadAllBytes(sandbox.SettingsPath));
    }

    [Fact]
    public async Task Start_recovers_from_a_stale_state_file_whose_server_died()
    {
        await using var sandbox = new ToolSandbox();
        Directory.CreateDirectory(Path.GetDirectoryName(sandbox.StateFile)!);
        var deadPid = DeadPid();
        File.WriteAllText(sandbox.StateFile, $$"""{"pid":{{deadPid}},"port":{{sandbox.PortText}},"bind":"127.0.0.1","log_dir":"/nowhere","version":"0.0.1","upstream":"https://api.anthropic.com/","started_at":"2020-01-01T00:00:00Z","shutdown_token":"stale"}""");

        var status = await sandbox.RunAsync("status", "--port", sandbox.PortText);
        Assert.Contains("did not shut down cleanly", status.Stdout, StringComparison.Ordinal);

        var start = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory);

        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains("recovered", start.Stderr, StringComparison.Ordinal);
        var health = await sandbox.HealthAsync();
        Assert.NotNull(health);
        Assert.Equal(health.Value.GetProperty("pid").GetInt32(), sandbox.StatePid());
    }

    [Fact]
    public async Task Start_refuses_a_port_held_by_something_that_is_not_a_tracer()
    {
        await using var sandbox = new ToolSandbox();
        using var listener = new TcpListener(IPAddress.Loopback, sandbox.Port);
        listener.Start();
        using var stopServing = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serving = AnswerNotFoundAsync(listener, stopServing.Token);
        var original = sandbox.WriteOriginalSettings();

        var start = await sandbox.RunAsync("start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory);

        Assert.Equal(ExitCodes.PortHeldByOther, start.ExitCode);
        Assert.Contains($"port {sandbox.PortText} is in use by something that is not cc-tracer", start.Stderr, StringComparison.Ordinal);
        Assert.Single(start.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(original, File.ReadAllBytes(sandbox.SettingsPath));
        Assert.False(File.Exists(sandbox.StateFile));

        var stop = await sandbox.RunAsync("stop", "--port", sandbox.PortText);
        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("not cc-tracer", stop.Stderr, StringComparison.Ordinal);
        await stopServing.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task Concurrent_starts_end_with_one_server()
    {
        await using var sandbox = new ToolSandbox();
        string[] args = ["start", "--server-only", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory];

        var runs = await Task.WhenAll(sandbox.RunAsync(args), sandbox.RunAsync(args), sandbox.RunAsync(args));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Single(runs, r => r.Stderr.Contains("started the tracer", StringComparison.Ordinal));
        var pid = (await sandbox.HealthAsync())!.Value.GetProperty("pid").GetInt32();
        Assert.All(runs, r => Assert.Contains($"(pid {pid})", r.Stderr, StringComparison.Ordinal));
        Assert.Equal(pid, sandbox.StatePid());
    }

    [Fact]
    public async Task Start_runs_claude_through_the_tracer_and_returns_its_exit_code()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The stand-in claude is a POSIX shell script.");
        await using var sandbox = new ToolSandbox();
        var claude = WriteFakeClaude(sandbox);

        sandbox.Environment["CC_TRACER_CLAUDE"] = claude;
        var run = await sandbox.RunAsync("start", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--", "-p", "run echo hi", "--allowedTools", "Bash");

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Equal("fake claude output\n", run.Stdout);
        Assert.Equal(["-p", "run echo hi", "--allowedTools", "Bash"], File.ReadAllLines(Path.Combine(sandbox.Root, "args")));
        Assert.Equal($"http://127.0.0.1:{sandbox.PortText}", File.ReadAllText(Path.Combine(sandbox.Root, "base_url")).Trim());
        Assert.Equal("1", File.ReadAllText(Path.Combine(sandbox.Root, "first_party")).Trim());
        Assert.Contains("_CLAUDE_CODE_ASSUME_FIRST_PARTY_BASE_URL=1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the tracer keeps running", run.Stderr, StringComparison.Ordinal);
        Assert.NotNull(await sandbox.HealthAsync());
    }

    [Fact]
    public async Task First_party_mode_is_off_for_a_local_upstream_and_with_the_flag()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The stand-in claude is a POSIX shell script.");
        await using var sandbox = new ToolSandbox();
        sandbox.Environment["CC_TRACER_CLAUDE"] = WriteFakeClaude(sandbox);

        var flagged = await sandbox.RunAsync("start", "--no-first-party-mode", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--", "x");
        Assert.True(flagged.ExitCode == 7, flagged.ToString());
        Assert.Equal("unset", File.ReadAllText(Path.Combine(sandbox.Root, "first_party")).Trim());
        await sandbox.RunAsync("stop", "--port", sandbox.PortText);

        var local = await sandbox.RunAsync("start", "--upstream", "http://127.0.0.1:9", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--", "x");
        Assert.True(local.ExitCode == 7, local.ToString());
        Assert.Equal("unset", File.ReadAllText(Path.Combine(sandbox.Root, "first_party")).Trim());
        Assert.Equal("http://127.0.0.1:9/", (await sandbox.HealthAsync())!.Value.GetProperty("upstream").GetString());
    }

    [Fact]
    public async Task An_inherited_base_url_becomes_the_upstream_and_is_announced()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The stand-in claude is a POSIX shell script.");
        await using var sandbox = new ToolSandbox();
        sandbox.Environment["CC_TRACER_CLAUDE"] = WriteFakeClaude(sandbox);
        sandbox.Environment["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9/gateway";

        var run = await sandbox.RunAsync("start", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--", "x");

        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains("forwards to it", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:9/gateway", (await sandbox.HealthAsync())!.Value.GetProperty("upstream").GetString());
        Assert.Equal($"http://127.0.0.1:{sandbox.PortText}", File.ReadAllText(Path.Combine(sandbox.Root, "base_url")).Trim());
    }

    [Fact]
    public async Task Missing_claude_is_reported_and_the_server_stays_up()
    {
        await using var sandbox = new ToolSandbox();
        sandbox.Environment["CC_TRACER_CLAUDE"] = Path.Combine(sandbox.Root, "no-such-claude");

        var run = await sandbox.RunAsync("start", "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--", "-p", "hi");

        Assert.Equal(ExitCodes.ClaudeNotFound, run.ExitCode);
        Assert.Contains("CC_TRACER_CLAUDE", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the tracer keeps running", run.Stderr, StringComparison.Ordinal);
        Assert.NotNull(await sandbox.HealthAsync());
    }

    private static string WriteFakeClaude(ToolSandbox sandbox)
    {
        var path = Path.Combine(sandbox.Root, "claude");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            printf '%s\n' "$@" > '{{sandbox.Root}}/args'
            printf '%s\n' "$ANTHROPIC_BASE_URL" > '{{sandbox.Root}}/base_url'
            printf '%s\n' "${_CLAUDE_CODE_ASSUME_FIRST_PARTY_BASE_URL:-unset}" > '{{sandbox.Root}}/first_party'
            echo 'fake claude output'
            exit 7

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task AnswerNotFoundAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer, cancellationToken);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.Id;
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
