using System.Diagnostics;
using System.Globalization;
using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Hooks;

/// <summary>Runs <c>wrk</c> (a separate process, so the load generator is not our GC) against a URL.</summary>
internal static class Wrk
{
    public const string Executable = "/usr/bin/wrk";

    public static bool IsInstalled => File.Exists(Executable);

    public static async Task<WrkResult> RunAsync(Uri url, string script, int threads, int connections, int seconds)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "--latency", "-s", script, url.ToString() })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new BenchFailure("could not start wrk");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 30));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new BenchFailure($"wrk failed ({process.ExitCode}): {await error.ConfigureAwait(false)}");
            }

            return WrkResult.Parse(await output.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new BenchFailure("wrk did not finish in time");
        }
    }
}
