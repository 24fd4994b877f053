using System.Net;
using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// The scripted upstream and every path to it, each proxy in its own process: direct, bare YARP,
/// the tracer (capture on) and mitmdump (streaming, and buffering if asked).
/// </summary>
internal sealed class ProxyRig : IAsyncDisposable
{
    public const string Direct = "direct";
    public const string Yarp = "yarp (bare)";
    public const string Tracer = "tracer";
    public const string MitmStream = "mitmdump (stream)";
    public const string MitmBuffered = "mitmdump (buffered)";

    private readonly List<ChildProcess> _children = [];
    private readonly List<HttpClient> _clients = [];

    private ProxyRig(string workDirectory) => WorkDirectory = workDirectory;

    public string WorkDirectory { get; }

    public string LogDirectory => Path.Combine(WorkDirectory, "logs");

    public List<ProxyPath> Paths { get; } = [];

    public ProxyPath this[string name] => Paths.First(p => p.Name == name);

    /// <summary>
    /// Starts the upstream and the proxies. <paramref name="serverGc"/> picks the proxies' GC mode
    /// (<c>--gc server|workstation</c>; the shipped tool's mode is the default).
    /// </summary>
    public static async Task<ProxyRig> StartAsync(bool mitm, bool mitmBuffered, bool serverGc, bool yarp = true, int maxConnections = 256)
    {
        var rig = new ProxyRig(Path.Combine(Path.GetTempPath(), "cctracer-bench", Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(rig.LogDirectory);
        try
        {
            var gc = new Dictionary<string, string> { ["DOTNET_gcServer"] = serverGc ? "1" : "0" };

            // The scripted upstream is the fixture, not a subject: workstation GC, whatever the proxies use.
            var upstream = await rig.Start(ChildProcess.StartSelfAsync("upstream", ["serve-upstream"], new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" })).ConfigureAwait(false);
            var upstreamUri = new Uri(upstream.ReadyText);
            rig.Add(Direct, upstreamUri, null, maxConnections);
            if (yarp)
            {
                var y = await rig.Start(ChildProcess.StartSelfAsync("yarp", ["serve-yarp", "--upstream", upstreamUri.ToString()], gc)).ConfigureAwait(false);
                rig.Add(Yarp, new Uri(y.ReadyText), y, maxConnections);
            }

            var t = await rig.Start(ChildProcess.StartSelfAsync("tracer", ["serve-tracer", "--upstream", upstreamUri.ToString(), "--log-dir", rig.LogDirectory], gc)).ConfigureAwait(false);
            rig.Add(Tracer, new Uri(t.ReadyText), t, maxConnections);
            if (mitm && MitmDump.IsInstalled)
            {
                var conf = Path.Combine(rig.WorkDirectory, "mitm");
                var ms = await rig.Start(MitmDump.StartAsync("mitmdump-stream", upstreamUri, stream: true, conf)).ConfigureAwait(false);
                rig.Add(MitmStream, new Uri(ms.ReadyText), ms, maxConnections);
                if (mitmBuffered)
                {
                    var mb = await rig.Start(MitmDump.StartAsync("mitmdump-buffered", upstreamUri, stream: false, conf)).ConfigureAwait(false);
                    rig.Add(MitmBuffered, new Uri(mb.ReadyText), mb, maxConnections);
                }
            }
            else if (mitm)
            {
                Console.WriteLine($"note: {MitmDump.Executable} not installed; the mitmdump paths are skipped");
            }

            return rig;
        }
        catch
        {
            await rig.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static HttpClient CreateClient(Uri baseAddress, int maxConnections = 256) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = maxConnections,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromMinutes(5),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
        {
            c.Dispose();
        }

        foreach (var child in Enumerable.Reverse(_children))
        {
            await child.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<ChildProcess> Start(Task<ChildProcess> starting)
    {
        var child = await starting.ConfigureAwait(false);
        _children.Add(child);
        return child;
    }

    private void Add(string name, Uri baseAddress, ChildProcess? process, int maxConnections)
    {
        var client = CreateClient(baseAddress, maxConnections);
        _clients.Add(client);
        Paths.Add(new ProxyPath(name, client, process));
    }
}
