namespace CcTracer.Replay;

/// <summary>How <see cref="ReplayHandler"/> (and the replay server) match requests and pace responses.</summary>
public sealed class ReplayOptions
{
    /// <summary>
    /// When <see langword="true"/>, each request is compared with the recorded one (the fields in
    /// <see cref="ComparedFields"/>) and the first difference fails the call with a
    /// <see cref="ReplayMismatchException"/> naming its JSON path. Default <see langword="false"/> (lenient):
    /// a request gets the next recorded exchange of its kind that asked for a stream the same way and
    /// offered tools or none the same way (preferring the same first user text, then recorded order),
    /// whatever else it holds; each answer whose recorded request differs in a compared field is reported
    /// (<see cref="OnDeviation"/>, <see cref="ReplayScript.Deviations"/>). Streaming or not is matched in
    /// both modes: a streaming request never gets a non-streamed answer, nor the reverse.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>
    /// Called (lenient mode) each time a request is answered with a recorded exchange whose request
    /// differs from it in a compared field, before the answer is sent. Runs on the caller's thread; an
    /// exception it throws fails that call.
    /// </summary>
    public Action<ReplayDeviation>? OnDeviation { get; set; }

    /// <summary>
    /// Paces streamed responses: <c>0</c> (the default) sends every event at once; <c>1</c> reproduces the
    /// recorded arrival times (<c>event_offsets_ms</c>); <c>0.1</c> plays them ten times faster.
    /// </summary>
    public double TimingScale { get; set; }

    /// <summary>The top-level request fields strict mode compares (and lenient mode reports differences in). Default: <c>model</c>, <c>system</c>, <c>tools</c>, <c>messages</c>.</summary>
    public IList<string> ComparedFields { get; } = ["model", "system", "tools", "messages"];

    /// <summary>
    /// JSON paths (in the diff notation, e.g. <c>metadata.user_id</c> or <c>system[0].cache_control</c>) that
    /// strict mode never compares, nor anything below them. Default: <c>metadata.user_id</c>, which holds
    /// a per-run session id.
    /// </summary>
    public ISet<string> IgnoredPaths { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.user_id" };
}
