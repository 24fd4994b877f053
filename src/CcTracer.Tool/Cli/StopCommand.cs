using CcTracer.Settings;
using CcTracer.Tool.Lifecycle;

namespace CcTracer.Tool.Cli;

/// <summary><c>cc-tracer stop</c>: the server stops after writing every record; the tracer's hooks (and only those) leave the settings.</summary>
internal static class StopCommand
{
    public static async Task<int> RunAsync(int port, string? settingsPath, TimeSpan timeout, TracerHome home, ToolOutput output, CancellationToken cancellationToken)
    {
        using var supervisor = new ServerSupervisor(home, output);
        var stopped = await supervisor.StopAsync(port, timeout, cancellationToken).ConfigureAwait(false);
        var exitCode = ExitCodes.Success;
        switch (stopped.Result)
        {
            case StopResult.Stopped:
                output.Info($"stopped the tracer on port {port} (pid {stopped.Pid}); every record is written.");
                break;
            case StopResult.NotRunning:
                output.Info($"no tracer is running on port {port}.");
                break;
            default:
                // The hooks go anyway: left in place they would point claude's every hook call at a server the user asked to be gone.
                output.Fail($"the tracer (pid {stopped.Pid}) is still running on port {port} after {timeout.TotalSeconds:0.#} s; removing its hooks anyway. Stop it yourself, e.g. kill {stopped.Pid}.");
                exitCode = ExitCodes.Failure;
                break;
        }

        var paths = SettingsToClean(port, settingsPath, home);
        var merger = new SettingsMerger(new SettingsMergerOptions { Port = port });
        var cleaned = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                var removed = await merger.RemoveAsync(path, cancellationToken).ConfigureAwait(false);
                cleaned.Add(path);
                if (removed.Changed)
                {
                    output.Info($"removed the tracer's hooks from {path}");
                }
            }
            catch (SettingsFileException ex)
            {
                output.Fail(ex.Message);
                exitCode = ExitCodes.SettingsUnusable;
            }
        }

        HookInstallations.Forget(home, port, cleaned);
        return exitCode;
    }

    /// <summary>The given file; else every file start recorded for this port, plus this folder's project settings if present.</summary>
    private static List<string> SettingsToClean(int port, string? settingsPath, TracerHome home)
    {
        if (settingsPath is not null)
        {
            return [Path.GetFullPath(settingsPath)];
        }

        var paths = HookInstallations.Load(home, port).SettingsPaths.ToList();
        var local = SettingsMerger.DefaultProjectSettingsPath(Environment.CurrentDirectory);
        if (File.Exists(local) && !paths.Contains(local, StringComparer.Ordinal))
        {
            paths.Add(local);
        }

        return paths;
    }
}
