using System.Reflection;
using CcTracer.Tool.Cli;

// WebApplicationFactory<Program> runs this entry point from a test assembly with no arguments:
// host the server then, so the tool's own wiring is what the in-process tests exercise.
var effectiveArgs = args.Length == 0 && Assembly.GetEntryAssembly() != typeof(Program).Assembly ? ["serve"] : args;
return await TracerCommandLine.RunAsync(effectiveArgs, new ToolOutput(Console.Out, Console.Error), CancellationToken.None).ConfigureAwait(false);

/// <summary>The tool's entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can host it in tests.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "WebApplicationFactory<Program> needs a public entry-point type.")]
public partial class Program;
