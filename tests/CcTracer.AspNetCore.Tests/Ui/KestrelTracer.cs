using CcTracer.AspNetCore;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// The tracer on real Kestrel at 127.0.0.1:0: a browser needs a socket, which the in-memory
/// TestServer of <see cref="InProcessTracer"/> does not give.
/// </summary>
internal sealed class KestrelTracer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;
    private bool _stopped;

    private KestrelTracer(WebApplication app, Uri root, string logDirectory, bool ownsDirectory)
    {
        _app = app;
        Root = root;
        LogDirectory = logDirectory;
        _ownsDirectory = ownsDirectory;
        Http = new HttpClient { BaseAddress = root };
    }

    /// <summary>The UI's address, ending in a slash (includes the route prefix).</summary>
    public Uri Root { get; }

    public string LogDirectory { get; }

    /// <summary>A client for the tracer's own routes, relative to <see cref="Root"/>.</summary>
    public HttpClient Http { get; }

    public SessionLog Log => _app.Services.GetRequiredService<SessionLog>();

    /// <summary>
    /// Starts a tracer. <paramref name="logDirectory"/> lets a test prepare files beforehand (it is
    /// then the caller's to delete); otherwise a fresh temporary one is made and removed on dispose.
    /// <paramref name="shutdownTimeout"/> replaces the host's 30 s grace for open requests at stop
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: a stop that waits for a request never ends).
    /// </summary>
    public static async Task<KestrelTracer> StartAsync(string prefix = "", Uri? upstream = null, string? logDirectory = null, TimeSpan? shutdownTimeout = null)
    {
        var owns = logDirectory is null;
        logDirectory ??= NewTempDirectory();
        var builder = WebApplication.CreateSlimBuilder();
        if (shutdownTimeout is { } grace)
        {
            builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = grace);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(
            o =>
            {
                o.Upstream = upstream ?? new Uri("http://127.0.0.1:9/");
                o.UseSystemProxy = false;
            },
            s => s.LogDirectory = logDirectory);
        var app = builder.Build();
        app.MapCcTracer(prefix);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var root = new Uri(address.TrimEnd('/') + prefix.TrimEnd('/') + "/");
        return new KestrelTracer(app, root, logDirectory, owns);
    }

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "cctracer-ui-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Stops the host gracefully, as <c>cc-tracer stop</c> or SIGTERM does.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_stopped)
        {
            await _app.StopAsync(CancellationToken.None);
        }

        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(LogDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
