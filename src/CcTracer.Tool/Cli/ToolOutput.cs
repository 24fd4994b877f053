namespace CcTracer.Tool.Cli;

/// <summary>
/// Where the tool talks: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>
/// (one line each, prefixed <c>cc-tracer:</c>) so claude's stdout stays exactly claude's.
/// </summary>
internal sealed class ToolOutput(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public void Info(string message) => Error.WriteLine("cc-tracer: " + message);

    public void Warn(string message) => Error.WriteLine("cc-tracer: warning: " + message);

    public void Fail(string message) => Error.WriteLine("cc-tracer: error: " + message);
}
