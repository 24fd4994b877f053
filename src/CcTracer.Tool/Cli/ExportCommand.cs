using System.CommandLine;
using CcTracer.AspNetCore.Export;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.Tool.Cli;

/// <summary>
/// <c>cc-tracer export har|html|md &lt;session.jsonl|session-id&gt; [-o FILE] [--no-content]</c>: a recorded
/// session as a file to hand to someone. No server is needed: the HTML snapshot's data comes from the
/// tracer's API answered in-process over the session's log directory. OpenTelemetry is one more
/// subcommand, <see cref="ExportOtlpCommand"/>.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The command, as <see cref="TracerCommandLine"/> registers it.</summary>
    public static Command Create(ToolOutput output)
    {
        var command = new Command("export", "Write a recorded session to a file to share: har (HAR 1.2 for DevTools and HAR viewers), html (the UI as one self-contained page), md (a Markdown transcript); otlp sends it to an OpenTelemetry collector.");
        command.Subcommands.Add(Format(output, "har", ExportFormat.Har, "HAR 1.2: one entry per API call with headers (masked), bodies and timings (wait = time to first byte, receive = the stream)."));
        command.Subcommands.Add(Format(output, "html", ExportFormat.Html, "A self-contained HTML snapshot: the tracer's UI with the session embedded; opens from file:// with no server and no network."));
        command.Subcommands.Add(Format(output, "md", ExportFormat.Markdown, "A Markdown transcript of the conversation per thread (main, subagents), for pasting into an issue."));
        command.Subcommands.Add(ExportOtlpCommand.Create(output));
        return command;
    }

    private static Command Format(ToolOutput output, string name, ExportFormat format, string description)
    {
        var session = new Argument<string>("session") { Description = "The session: a log file (.jsonl) or a session id in --log-dir." };
        var file = new Option<string>("--output", "-o") { Description = "The file to write (default: <session-id>" + SessionExports.Extension(format) + " in the current directory).", HelpName = "FILE" };
        var noContent = new Option<bool>("--no-content") { Description = "Share without content: keep structure, timings, token counts, models, tool names, sizes and SHA-256 hashes, but no prompt, tool or response text and no header values beyond a safe list." };
        var logDir = ToolOptions.LogDirectory();
        var command = new Command(name, description) { session, file, noContent, logDir };
        command.SetAction((r, ct) => RunAsync(format, r.GetValue(session)!, r.GetValue(file), r.GetValue(noContent), r.GetValue(logDir), output, ct));
        return command;
    }

    /// <summary>Writes the export; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportFormat format, string session, string? file, bool noContent, string? logDir, ToolOutput output, CancellationToken cancellationToken)
    {
        var (directory, sessionId) = Resolve(session, logDir);
        var path = Path.Combine(directory, sessionId + ".jsonl");
        if (!File.Exists(path))
        {
            output.Fail($"No session log '{path}': give a .jsonl file or a session id in --log-dir.");
            return ExitCodes.Usage;
        }

        var target = Path.GetFullPath(file ?? sessionId + (noContent ? ".no-content" : string.Empty) + SessionExports.Extension(format));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(configureStore: store => store.LogDirectory = directory);
        var app = builder.Build();
        await using (app.ConfigureAwait(false))
        {
            var temporary = target + ".partial";
            try
            {
                var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (stream.ConfigureAwait(false))
                {
                    await SessionExports.WriteAsync(format, new InProcessApi(app.Services), sessionId, path, stream, noContent, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            // A half-written export never takes the name: the file appears complete or not at all.
            File.Move(temporary, target, overwrite: true);
        }

        await output.Out.WriteLineAsync($"Wrote {target} ({new FileInfo(target).Length:N0} bytes)").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>A path to a log file names its own directory; anything else is a session id in the log directory.</summary>
    private static (string Directory, string SessionId) Resolve(string session, string? logDir)
    {
        if (session.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || File.Exists(session))
        {
            var full = Path.GetFullPath(session);
            return (Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
        }

        return (Path.GetFullPath(logDir ?? TraceStoreOptions.DefaultLogDirectory()), session);
    }
}
