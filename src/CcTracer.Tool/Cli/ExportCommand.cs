using System.CommandLine;

namespace CcTracer.Tool.Cli;

/// <summary><c>cc-tracer export</c>: a recorded session in another format (each format is a subcommand).</summary>
internal static class ExportCommand
{
    public static Command Create(ToolOutput output)
    {
        var command = new Command("export", "Export a recorded session: otlp sends it to an OpenTelemetry collector.");
        command.Subcommands.Add(ExportOtlpCommand.Create(output));
        return command;
    }
}
