using System.Diagnostics;
using System.Globalization;
using CcTracer.Tool.Server;

namespace CcTracer.Tool.Lifecycle;

/// <summary>
/// Starts this same executable with <c>serve</c>, detached: its own session (so closing the terminal
/// or Ctrl+C in it does not reach the server), stdin from /dev/null, output appended to the server log.
/// </summary>
internal static class ServerLauncher
{
    // sh does the redirections so no pipe ties the server to this short-lived process.
    private const string DetachScript =
        "log=$1; shift; if command -v setsid >/dev/null 2>&1; then exec setsid \"$@\" </dev/null >>\"$log\" 2>&1; "
        + "else trap '' HUP; exec \"$@\" </dev/null >>\"$log\" 2>&1; fi";

    public static Process Launch(ServeSettings settings, string serverLog)
    {
        if (!OperatingSystem.IsWindows())
        {
            // The server log names sessions and paths: owner-only like the state files (>> keeps the mode).
            using var create = new FileStream(serverLog, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        }

        var command = ServeCommandLine(settings);
        var start = new ProcessStartInfo { UseShellExecute = false };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = command[0];
            start.CreateNoWindow = true;
            start.RedirectStandardInput = true;
            foreach (var arg in command.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(DetachScript);
            start.ArgumentList.Add("sh");
            start.ArgumentList.Add(serverLog);
            foreach (var arg in command)
            {
                start.ArgumentList.Add(arg);
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process could not be started.");
        if (OperatingSystem.IsWindows())
        {
            process.StandardInput.Close();
        }

        return process;
    }

    /// <summary>This executable (the apphost, or <c>dotnet cc-tracer.dll</c>) with <c>serve</c> and the settings.</summary>
    internal static List<string> ServeCommandLine(ServeSettings settings)
    {
        var command = new List<string>();
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The tool cannot find its own executable.");
        command.Add(processPath);
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            command.Add(typeof(ServerLauncher).Assembly.Location);
        }

        command.AddRange(["serve", "--port", settings.Port.ToString(CultureInfo.InvariantCulture), "--log-dir", settings.LogDirectory, "--upstream", settings.Upstream.ToString(), "--bind", settings.Bind.ToString()]);
        foreach (var host in settings.AllowedHosts)
        {
            command.AddRange(["--allow-host", host]);
        }

        if (!settings.MaskSecretsInBodies)
        {
            command.Add("--no-body-masking");
        }

        if (settings.PricingFile is { } pricing)
        {
            command.AddRange(["--pricing", pricing]);
        }

        command.AddRange(settings.Otlp.ServeArguments());

        return command;
    }
}
