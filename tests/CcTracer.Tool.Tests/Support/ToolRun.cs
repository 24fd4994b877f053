namespace CcTracer.Tool.Tests.Support;

/// <summary>How one run of the real <c>cc-tracer</c> ended.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
