namespace CcTracer.Storage;

/// <summary>Options of the JSONL session store, validated when the host starts.</summary>
public sealed class TraceStoreOptions
{
    /// <summary>The environment variable that overrides the default log directory.</summary>
    public const string LogDirectoryVariable = "TRACER_LOG_DIR";

    /// <summary>
    /// Where session logs go. Default: <c>$TRACER_LOG_DIR</c>, else <c>~/.cc-tracer/logs</c>.
    /// </summary>
    public string LogDirectory { get; set; } = DefaultLogDirectory();

    /// <summary>
    /// Records accepted but not yet written. Past this the store drops new records and writes a
    /// notice instead of making the traced session wait (default 100,000).
    /// </summary>
    public int MaxPendingRecords { get; set; } = 100_000;

    /// <summary>
    /// Session files the writer keeps open at most; the least recently written is closed (and
    /// reopened when its session writes again). Default 64, between 1 and 65,536.
    /// </summary>
    public int MaxOpenFiles { get; set; } = 64;

    /// <summary>Bodies larger than this are cut in the log (the client still gets every byte). Default 512 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Subscribers of the live feed may lag this many items before they are told they missed some (<c>AddCcTracerCore</c> passes it on as <c>LiveFeedOptions.SubscriberBuffer</c>).</summary>
    public int LiveFeedBuffer { get; set; } = 4096;

    /// <summary>The default directory: <c>$TRACER_LOG_DIR</c>, else <c>~/.cc-tracer/logs</c>.</summary>
    public static string DefaultLogDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(LogDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cc-tracer", "logs");
    }
}
