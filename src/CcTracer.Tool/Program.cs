using System.Reflection;
using CcTracer.Tool.Cli;

// WebApplicationFactory<Program> runs this entry point from a test assembly, passing only host
// settings (--environment=..., --contentRoot=...): host the server then, so the in-process tests
// exercise the tool's own wiring.
var hostedByAnotherAssembly = Assembly.GetEntryAssembly() != typeof(Program).Assembly
    && args.All(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal));
var effectiveArgs = hostedByAnotherAssembly ? ["serve"] : args;
return await TracerCommandLine.RunAsync(effectiveArgs, new ToolOutput(Console.Out, Console.Error), CancellationToken.None).ConfigureAwait(false);

/// <summary>The tool's entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can host it in tests.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1515:Consider making public types internal", Justification = "WebApplicationFactory<Program> needs a public entry-point type.")]
public partial class Program;
