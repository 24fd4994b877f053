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

    /// <summary>
    /// Whether known secret formats in bodies and hook payloads are replaced by markers before they
    /// are stored (default <see langword="true"/>). Turn it off only to keep exact bytes on a machine
    /// you trust; credential headers and query parameters are masked either way.
    /// </summary>
    public bool MaskSecretsInBodies { get; set; } = true;

    /// <summary>
    /// The file holding this install's key for mask hashes (made on first use, mode 0600). Default:
    /// <c>$CC_TRACER_HOME/mask.key</c>, else <c>~/.cc-tracer/mask.key</c> — outside the log directory,
    /// so sharing logs does not share the key.
    /// </summary>
    public string MaskKeyFile { get; set; } = DefaultMaskKeyFile();

    /// <summary>The default <see cref="MaskKeyFile"/>: in the tool's home, <c>$CC_TRACER_HOME</c> else <c>~/.cc-tracer</c>.</summary>
    public static string DefaultMaskKeyFile()
    {
        var home = Environment.GetEnvironmentVariable("CC_TRACER_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cc-tracer");
        }

        return Path.Combine(Path.GetFullPath(home), "mask.key");
    }

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
