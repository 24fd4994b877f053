using System.CommandLine;
using CcTracer.Replay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CcTracer.Tool.Cli;

/// <summary>
/// <c>cc-tracer replay &lt;session.jsonl&gt; [--port N]</c>: serves a recording as a stand-in Anthropic API on
/// loopback, so Claude Code pointed at it with <c>ANTHROPIC_BASE_URL</c> re-runs the session offline. The
/// serving itself is <c>MapCcTracerReplay</c>; this is only the command line around it.
/// </summary>
internal static class ReplayCommand
{
    private const int MaxDeviationsShown = 10;

    /// <summary>The command, as <see cref="TracerCommandLine"/> registers it.</summary>
    public static Command Create(ToolOutput output)
    {
        var session = new Argument<FileInfo>("session") { Description = "The session log (.jsonl) to replay." };
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0: any free port).", DefaultValueFactory = _ => 0 };
        var timing = new Option<double>("--timing") { Description = "Pace streams at the recorded speed times this factor (0: no delay).", DefaultValueFactory = _ => 0 };
        var strict = new Option<bool>("--strict") { Description = "Fail calls whose model/system/tools/messages differ from the recording (without it such calls are answered and reported)." };
        var command = new Command("replay", "Serve a recorded session as a stand-in Anthropic API (point ANTHROPIC_BASE_URL at it).")
        {
            session, port, timing, strict,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(session)!.FullName,
            parse.GetValue(port),
            new ReplayOptions { TimingScale = parse.GetValue(timing), Strict = parse.GetValue(strict) },
            output,
            ready: null,
            ct));
        return command;
    }

    /// <summary>Serves the recording until cancelled; returns the exit code.</summary>
    /// <param name="path">The session log.</param>
    /// <param name="port">The loopback port (0: any).</param>
    /// <param name="options">Matching and pacing.</param>
    /// <param name="output">The address and summary go to its <see cref="ToolOutput.Out"/>, errors to its error stream.</param>
    /// <param name="ready">Called with the base address once listening (tests use it).</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task<int> RunAsync(string path, int port, ReplayOptions options, ToolOutput output, Action<Uri>? ready, CancellationToken cancellationToken)
    {
        RecordedSession recording;
        try
        {
            recording = await RecordedSession.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            output.Fail(e.Message);
            return ExitCodes.Usage;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        await using (app.ConfigureAwait(false))
        {
            var script = new ReplayScript(recording, options);
            app.MapCcTracerReplay(script);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = new Uri(app.Urls.First());
            await output.Out.WriteLineAsync($"Replaying {recording.Exchanges.Count} exchange(s) of {Path.GetFileName(path)} at {address}").ConfigureAwait(false);
            await output.Out.WriteLineAsync($"  ANTHROPIC_BASE_URL={address.ToString().TrimEnd('/')} ANTHROPIC_API_KEY=replay claude -p \"…\"").ConfigureAwait(false);
            ready?.Invoke(address);

            // Ctrl+C and SIGTERM reach the host (the command line leaves signals to it), not the token:
            // wait for either, so both end the replay with the summary below instead of hanging.
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await output.Out.WriteLineAsync($"Served {script.Served} of {recording.Exchanges.Count} exchange(s).").ConfigureAwait(false);
            await WriteDeviationsAsync(script.Deviations, output.Out).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>A lenient replay must not pass for the recorded run: say which answers went to different requests.</summary>
    private static async Task WriteDeviationsAsync(IReadOnlyList<ReplayDeviation> deviations, TextWriter output)
    {
        if (deviations.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync($"{deviations.Count} of them answered a request that differed from the recorded one (lenient mode; --strict fails such calls):").ConfigureAwait(false);
        foreach (var deviation in deviations.Take(MaxDeviationsShown))
        {
            await output.WriteLineAsync("  " + deviation).ConfigureAwait(false);
        }

        if (deviations.Count > MaxDeviationsShown)
        {
            await output.WriteLineAsync($"  … and {deviations.Count - MaxDeviationsShown} more.").ConfigureAwait(false);
        }
    }
}
