using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CcTracer.Tool.Claude;

/// <summary>
/// Runs claude in the foreground with this terminal (nothing redirected, so interactive sessions
/// work) and the tracer as its API base URL.
/// </summary>
internal static class ClaudeLauncher
{
    public const string BaseUrlVariable = "ANTHROPIC_BASE_URL";

    /// <summary>
    /// Claude Code sends different requests to a base URL it does not consider first-party (all
    /// tools inline, no deferred tool search); this makes a traced session look like an untraced one.
    /// </summary>
    public const string AssumeFirstPartyVariable = "_CLAUDE_CODE_ASSUME_FIRST_PARTY_BASE_URL";

    public static async Task<int> RunAsync(string executable, IReadOnlyList<string> arguments, Uri tracer, bool assumeFirstParty, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[BaseUrlVariable] = tracer.ToString().TrimEnd('/');
        if (assumeFirstParty)
        {
            start.Environment[AssumeFirstPartyVariable] = "1";
        }

        // Ctrl+C in the terminal reaches claude too, and claude decides what it means (cancel a turn,
        // exit); the tool just waits for it and must not die first.
        using var interrupt = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} could not be started.");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }
}
