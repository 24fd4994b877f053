namespace CcTracer.AspNetCore;

/// <summary>Options of the tracer's endpoints, validated when the host starts.</summary>
public sealed class CcTracerOptions
{
    /// <summary>The first-party Anthropic API.</summary>
    public static readonly Uri AnthropicApi = new("https://api.anthropic.com");

    /// <summary>
    /// Where <c>/v1/*</c> goes. Default <c>https://api.anthropic.com</c>. A base path is kept, so
    /// another proxy or gateway (<c>http://gateway/anthropic</c>) can be chained.
    /// </summary>
    public Uri Upstream { get; set; } = AnthropicApi;

    /// <summary>Time allowed to connect to the upstream (default 15 s); past it the client gets 504.</summary>
    public TimeSpan UpstreamConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Time allowed for upstream to send response headers (default 10 min: a non-streamed call
    /// with a large max_tokens answers only when done); past it the client gets 504.
    /// </summary>
    public TimeSpan UpstreamResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether upstream calls honour HTTPS_PROXY/HTTP_PROXY/NO_PROXY (default true).</summary>
    public bool UseSystemProxy { get; set; } = true;

    /// <summary>
    /// Forwarded writes of one response whose arrival times are kept while reassembly is behind
    /// (default 8192; 16 bytes each, grown on demand). The bytes themselves are kept however far
    /// capture falls behind (up to the body limit); past this many pending writes, the skipped
    /// ones take the time of a later write. The client never waits.
    /// </summary>
    public int CaptureQueueChunks { get; set; } = 8192;

    /// <summary>
    /// Reject requests whose <c>Host</c> is not a loopback name or address (default true): the
    /// DNS-rebinding defence. Turn off only behind your own authentication.
    /// </summary>
    public bool RequireLoopbackHost { get; set; } = true;

    /// <summary>Extra host names accepted besides loopback ones (e.g. a container's name).</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Largest hook payload accepted (default 64 MiB; tool responses can hold whole files).</summary>
    public long MaxHookBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// After large turns (64 MB of bodies or more), once no call has been in flight for 2 s, run one
    /// compacting collection so the process gives the memory back (default false). Meant for a
    /// process that only traces — <c>cc-tracer</c> turns it on; leave it off in a host with its own workload.
    /// </summary>
    public bool TrimMemoryWhenIdle { get; set; }

    /// <summary>Serve the timeline UI at the mapped root (default true).</summary>
    public bool EnableUi { get; set; } = true;
}
