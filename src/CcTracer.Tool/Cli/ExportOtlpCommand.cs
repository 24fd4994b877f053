using System.CommandLine;
using CcTracer.OpenTelemetry.Export;
using CcTracer.Storage;
using Microsoft.Extensions.Options;

namespace CcTracer.Tool.Cli;

/// <summary><c>cc-tracer export otlp &lt;session&gt;</c>: a recorded session to an OTLP endpoint as GenAI spans.</summary>
internal static class ExportOtlpCommand
{
    public static Command Create(ToolOutput output)
    {
        var session = new Argument<string>("session") { Description = "A session log file (.jsonl), or a session id in the log directory." };
        var logDir = ToolOptions.LogDirectory();
        var otlp = OtlpCommandOptions.Export();
        var command = new Command(
            "otlp",
            "Send a recorded session to an OpenTelemetry collector as GenAI spans (chat, execute_tool; docs/opentelemetry.md). "
            + "Exit code 1 when the endpoint could not be reached or refused the spans.")
        {
            session, logDir,
        };
        otlp.AddTo(command);
        command.SetAction((r, ct) => RunAsync(r.GetValue(session)!, r.GetValue(logDir), otlp.Read(r), output, ct));
        return command;
    }

    private static async Task<int> RunAsync(string session, string? logDirectory, Server.OtlpSettings settings, ToolOutput output, CancellationToken cancellationToken)
    {
        var path = File.Exists(session)
            ? session
            : new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = logDirectory ?? TraceStoreOptions.DefaultLogDirectory() })).PathFor(session);
        if (!File.Exists(path))
        {
            output.Fail($"no session log '{session}' (looked for {path}).");
            return ExitCodes.Failure;
        }

        var options = new CcTracerOtlpExportOptions();
        settings.Configure(options);
        var result = await OtlpSessionExporter.ExportFileAsync(path, options, cancellationToken).ConfigureAwait(false);
        var what = $"{result.ChatSpans} chat, {result.ToolSpans} execute_tool and {result.Sessions} session spans from {path}";
        if (!result.Succeeded)
        {
            output.Fail($"could not send {what}: {result.Failure ?? "the exporter did not finish in time"}.");
            return ExitCodes.Failure;
        }

        output.Info($"sent {what}{(settings.Content ? " (with content)" : string.Empty)}.");
        return ExitCodes.Success;
    }
}
