namespace CcTracer.Replay;

/// <summary>How <see cref="ReplayHandler"/> (and the replay server) match requests and pace responses.</summary>
public sealed class ReplayOptions
{
    /// <summary>
    /// When <see langword="true"/>, each request is compared with the recorded one (the fields in
    /// <see cref="ComparedFields"/>) and the first difference fails the call with a
    /// <see cref="ReplayMismatchException"/> naming its JSON path. Default <see langword="false"/>: requests
    /// are answered in recorded order, whatever they hold.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>
    /// Paces streamed responses: <c>0</c> (the default) sends every event at once; <c>1</c> reproduces the
    /// recorded arrival times (<c>event_offsets_ms</c>); <c>0.1</c> plays them ten times faster.
    /// </summary>
    public double TimingScale { get; set; }

    /// <summary>The top-level request fields strict mode compares. Default: <c>model</c>, <c>system</c>, <c>tools</c>, <c>messages</c>.</summary>
    public IList<string> ComparedFields { get; } = ["model", "system", "tools", "messages"];

    /// <summary>
    /// JSON paths (in the diff notation, e.g. <c>metadata.user_id</c> or <c>system[0].cache_control</c>) that
    /// strict mode never compares, nor anything below them. Default: <c>metadata.user_id</c>, which holds
    /// a per-run session id.
    /// </summary>
    public ISet<string> IgnoredPaths { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.user_id" };
}
