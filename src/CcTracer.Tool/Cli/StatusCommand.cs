using CcTracer.Tool.Lifecycle;

namespace CcTracer.Tool.Cli;

/// <summary><c>cc-tracer status</c>: whether a tracer runs on the port, and where it logs and hooks.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(int port, TracerHome home, ToolOutput output, CancellationToken cancellationToken)
    {
        using var supervisor = new ServerSupervisor(home, output);
        var state = supervisor.ReadState(port);
        var probe = await supervisor.ProbeAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
        var hooks = HookInstallations.Load(home, port).SettingsPaths;
        var o = output.Out;
        if (probe.Kind == ProbeKind.Tracer && probe.Health is { } health)
        {
            o.WriteLine($"cc-tracer {health.Version} is running on port {port} (pid {health.Pid})");
            o.WriteLine($"  UI:                {HealthProbe.BaseUri("127.0.0.1", port)}");
            o.WriteLine($"  upstream:          {health.Upstream}");
            o.WriteLine($"  log directory:     {health.LogDirectory}");
            o.WriteLine($"  sessions captured: {CountSessions(health.LogDirectory)}");
            o.WriteLine($"  records:           {health.RecordsAccepted} accepted, {health.RecordsDropped} dropped, {health.WriteFailures} write failures");
            if (health.RecordsDropped > 0 || health.WriteFailures > 0)
            {
                // Lost records are the one thing a user of a recorder must not miss.
                output.Warn($"the tracer on port {port} lost records: {health.RecordsDropped} dropped (the log writer fell behind), {health.WriteFailures} not written (see {home.ServerLog(port)} and the notices in the UI).");
            }

            o.WriteLine($"  started:           {health.StartedAt:u}");
            o.WriteLine($"  hooks installed:   {(hooks.Count == 0 ? "none recorded" : string.Join(", ", hooks))}");
            return ExitCodes.Success;
        }

        o.WriteLine(ServerSupervisor.IsHeldByOther(probe, launchedOurs: false)
            ? $"cc-tracer is not running on port {port}: the port is held by something else ({probe.Detail})"
            : $"cc-tracer is not running on port {port}");
        if (state is not null)
        {
            o.WriteLine($"  a state file from pid {state.Pid} was left by a tracer that did not shut down cleanly; the next start clears it");
        }

        o.WriteLine($"  hooks installed:   {(hooks.Count == 0 ? "none recorded" : string.Join(", ", hooks))}");
        return ExitCodes.Failure;
    }

    private static int CountSessions(string? logDirectory)
        => logDirectory is not null && Directory.Exists(logDirectory)
            ? Directory.EnumerateFiles(logDirectory, "*.jsonl").Count(f => !Path.GetFileName(f).Equals("unattributed.jsonl", StringComparison.Ordinal))
            : 0;
}
