using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.AspNetCore.Tests.Proxy;

/// <summary>The tracer on real Kestrel at 127.0.0.1:0, logging into its own temp directory.</summary>
internal sealed class TracerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TracerHost(WebApplication app, string logDirectory, Uri baseUri)
    {
        _app = app;
        LogDirectory = logDirectory;
        BaseUri = baseUri;
        Log = app.Services.GetRequiredService<SessionLog>();
        Reader = app.Services.GetRequiredService<SessionLogReader>();
    }

    public Uri BaseUri { get; }

    public string LogDirectory { get; }

    public SessionLog Log { get; }

    public SessionLogReader Reader { get; }

    public static async Task<TracerHost> StartAsync(Uri upstream, CancellationToken cancellationToken, Action<CcTracerOptions>? configure = null, Action<TraceStoreOptions>? store = null)
    {
        var logDirectory = Path.Combine(Path.GetTempPath(), "cctracer-proxy-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(
            o =>
            {
                o.Upstream = upstream;
                o.UseSystemProxy = false;
                configure?.Invoke(o);
            },
            s =>
            {
                s.LogDirectory = logDirectory;
                store?.Invoke(s);
            });
        var app = builder.Build();
        app.MapCcTracer();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TracerHost(app, logDirectory, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A client that, like Claude Code's, sees the wire bytes (no automatic decompression).</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None, UseProxy = false })
    {
        BaseAddress = BaseUri,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Reads a session's records until <paramref name="done"/> holds (bounded: 10 s).</summary>
    public async Task<IReadOnlyList<StoredRecord>> WaitForRecordsAsync(string sessionId, Func<IReadOnlyList<StoredRecord>, bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await Log.FlushAsync(cancellationToken);
            var records = new List<StoredRecord>();
            await foreach (var record in Reader.ReadSessionAsync(sessionId, cancellationToken: cancellationToken))
            {
                records.Add(record);
            }

            if (done(records))
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"session {sessionId}: condition not met; have {string.Join(", ", records.Select(r => r.Type))}");
            }

            // The api_response is written just after the client's response ends: poll briefly.
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Waits for the exchange's <c>api_response</c> and returns it.</summary>
    public async Task<StoredRecord> WaitForResponseAsync(string sessionId, CancellationToken cancellationToken, int count = 1)
    {
        var records = await WaitForRecordsAsync(sessionId, rs => rs.Count(r => r.Type == RecordTypes.ApiResponse) >= count, cancellationToken);
        return records.Last(r => r.Type == RecordTypes.ApiResponse);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
