using System.Diagnostics;
using CcTracer.Tool.Cli;
using CcTracer.Tool.Server;

namespace CcTracer.Tool.Lifecycle;

/// <summary>Starts, finds and stops the detached tracer server of a port.</summary>
internal sealed class ServerSupervisor(TracerHome home, ToolOutput output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    /// <summary>How long <c>stop</c> waits for a graceful stop by default; the server writes every pending record first.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly HealthProbe _probe = new();

    public Task<ProbeResult> ProbeAsync(string host, int port, CancellationToken cancellationToken)
        => _probe.ProbeAsync(HealthProbe.BaseUri(host, port), cancellationToken);

    /// <summary>
    /// Reuses the tracer on the port or launches one and waits until it is healthy. The lock makes
    /// concurrent starts take turns; the port bind settles races with starts that use another home.
    /// </summary>
    public async Task<EnsureResult> EnsureRunningAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        home.EnsureStateDirectory();
        using var portLock = await PortLock.AcquireAsync(home.LockFile(settings.Port), StartTimeout * 2, cancellationToken).ConfigureAwait(false);
        var baseUri = HealthProbe.BaseUri(settings.ClientHost, settings.Port);
        var probe = await _probe.ProbeAsync(baseUri, cancellationToken).ConfigureAwait(false);
        if (probe.Kind == ProbeKind.Tracer)
        {
            return new EnsureResult(probe.Health, Reused: true, ExitCodes.Success);
        }

        if (IsHeldByOther(probe, launchedOurs: false))
        {
            return HeldByOther(settings.Port, probe);
        }

        ClearStaleState(settings.Port);
        var serverLog = home.ServerLog(settings.Port);
        using var process = ServerLauncher.Launch(settings, serverLog);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            probe = await _probe.ProbeAsync(baseUri, cancellationToken).ConfigureAwait(false);
            if (probe.Kind == ProbeKind.Tracer && IsRecorded(settings.Port, probe.Health!.Pid))
            {
                return new EnsureResult(probe.Health, Reused: false, ExitCodes.Success);
            }

            if (IsHeldByOther(probe, launchedOurs: true))
            {
                return HeldByOther(settings.Port, probe);
            }

            // A zero exit is setsid handing over to a forked child; anything else is a failed server.
            if (process.HasExited && process.ExitCode != 0)
            {
                probe = await _probe.ProbeAsync(baseUri, cancellationToken).ConfigureAwait(false);
                if (probe.Kind == ProbeKind.Tracer)
                {
                    // Another tracer won the bind: use it.
                    return new EnsureResult(probe.Health, Reused: true, ExitCodes.Success);
                }

                output.Fail($"the tracer server exited with code {process.ExitCode} before it became healthy: {LastLine(serverLog)} (log: {serverLog}).");
                return new EnsureResult(null, false, process.ExitCode == ExitCodes.PortHeldByOther ? ExitCodes.PortHeldByOther : ExitCodes.ServerDidNotStart);
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        output.Fail($"the tracer server did not become healthy within {StartTimeout.TotalSeconds:0} s (log: {serverLog}).");
        return new EnsureResult(null, false, ExitCodes.ServerDidNotStart);
    }

    /// <summary>
    /// Whether a probe proves the port belongs to another program. Before we launch a server, a listener
    /// that does not answer is someone else's. Once we launched one, the only listener that can be silent is
    /// almost always ours, still starting on a loaded machine: keep waiting (up to the start timeout) rather
    /// than call our own server a stranger; a real stranger makes our server fail to bind and exit.
    /// </summary>
    internal static bool IsHeldByOther(ProbeResult probe, bool launchedOurs)
        => probe.Kind == ProbeKind.Other || (probe.Kind == ProbeKind.Silent && !launchedOurs);

    /// <summary>Stops the tracer on the port gracefully and waits, up to <paramref name="timeout"/>, until it exited and the port is free.</summary>
    public async Task<StopOutcome> StopAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var state = StateFiles.Read(home.StateFile(port), ToolJsonContext.Default.ServerState);
        var host = state is null ? "127.0.0.1" : new ServeSettings(port, System.Net.IPAddress.Parse(state.Bind), state.LogDirectory, new Uri(state.Upstream), []).ClientHost;
        var baseUri = HealthProbe.BaseUri(host, port);
        var probe = await _probe.ProbeAsync(baseUri, cancellationToken).ConfigureAwait(false);
        if (probe.Kind != ProbeKind.Tracer)
        {
            ClearStaleState(port);
            if (IsHeldByOther(probe, launchedOurs: false))
            {
                output.Warn($"port {port} is held by something that is not cc-tracer ({probe.Detail}); left it alone.");
            }

            return new StopOutcome(StopResult.NotRunning, null);
        }

        var pid = probe.Health!.Pid;
        var asked = state is not null && state.Pid == pid
            && await _probe.RequestShutdownAsync(baseUri, state.ShutdownToken, cancellationToken).ConfigureAwait(false);
        if (!asked)
        {
            // No token for this server (its state file is gone or from another server): SIGTERM also
            // stops the host gracefully, flushing the log.
            output.Warn($"no shutdown token for pid {pid}; sending it SIGTERM.");
            await SignalTerminateAsync(pid, cancellationToken).ConfigureAwait(false);
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            probe = await _probe.ProbeAsync(baseUri, cancellationToken).ConfigureAwait(false);
            if (probe.Kind == ProbeKind.Nothing && !IsAlive(pid))
            {
                ClearStaleState(port);
                return new StopOutcome(StopResult.Stopped, pid);
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return new StopOutcome(StopResult.StillRunning, pid);
    }

    public ServerState? ReadState(int port) => StateFiles.Read(home.StateFile(port), ToolJsonContext.Default.ServerState);

    public void Dispose() => _probe.Dispose();

    internal static bool IsAlive(int pid)
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
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private bool IsRecorded(int port, int pid) => ReadState(port)?.Pid == pid;

    /// <summary>A state file whose server no longer answers is left from a crash: clear it so the next start is clean.</summary>
    private void ClearStaleState(int port)
    {
        var path = home.StateFile(port);
        var state = ReadState(port);
        if (state is null)
        {
            if (File.Exists(path))
            {
                StateFiles.Delete(path);
            }

            return;
        }

        if (IsAlive(state.Pid))
        {
            // A live pid that does not answer as a tracer is not ours any more (pid reuse) or is
            // still shutting down; either way the file no longer describes a usable server.
            output.Warn($"the state file names pid {state.Pid}, which no longer answers as cc-tracer on port {port}; ignoring it.");
        }
        else
        {
            output.Info($"recovered from a previous tracer that did not shut down cleanly (pid {state.Pid}).");
        }

        StateFiles.Delete(path);
    }

    private EnsureResult HeldByOther(int port, ProbeResult probe)
    {
        output.Fail($"port {port} is in use by something that is not cc-tracer ({probe.Detail}); choose another port with --port.");
        return new EnsureResult(null, false, ExitCodes.PortHeldByOther);
    }

    private static async Task SignalTerminateAsync(int pid, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill could not be started.");
        await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string LastLine(string path)
    {
        try
        {
            return File.ReadLines(path).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(the server log is empty)";
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }
}
