namespace CcTracer.Replay;

/// <summary>The first place where a request differs from the recorded one.</summary>
/// <param name="Path">The JSON path, e.g. <c>messages[2].content[0].text</c>.</param>
/// <param name="Expected">The recorded value as JSON (shortened), or <c>(missing)</c>.</param>
/// <param name="Actual">The value sent as JSON (shortened), or <c>(missing)</c>.</param>
public sealed record ReplayDifference(string Path, string Expected, string Actual)
{
    /// <summary><c>path: expected X got Y</c>.</summary>
    /// <returns>The readable difference.</returns>
    public override string ToString() => $"{Path}: expected {Expected} got {Actual}";
}
