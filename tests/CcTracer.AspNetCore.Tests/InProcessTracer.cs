using CcTracer.AspNetCore;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CcTracer.AspNetCore.Tests;

/// <summary>The tracer mapped into a minimal host on the in-memory test server, with its own log directory.</summary>
internal sealed class InProcessTracer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessTracer(WebApplication app, string logDirectory)
    {
        _app = app;
        LogDirectory = logDirectory;
    }

    public string LogDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public SessionLog Log => _app.Services.GetRequiredService<SessionLog>();

    public SessionLogReader Reader => _app.Services.GetRequiredService<SessionLogReader>();

    public static async Task<InProcessTracer> StartAsync(string prefix = "", Action<CcTracerOptions>? configure = null)
    {
        var logDirectory = Path.Combine(Path.GetTempPath(), "cctracer-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(configure, s => s.LogDirectory = logDirectory);
        var app = builder.Build();
        app.MapCcTracer(prefix);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new InProcessTracer(app, logDirectory);
    }

    /// <summary>A client whose requests carry Host: 127.0.0.1:7355 like Claude Code's.</summary>
    public HttpClient CreateClient()
    {
        var client = _app.GetTestClient();
        client.BaseAddress = new Uri("http://127.0.0.1:7355/");
        return client;
    }

    public async Task<List<StoredRecord>> RecordsAsync(string sessionId)
    {
        await Log.FlushAsync(TestContext.Current.CancellationToken);
        var records = new List<StoredRecord>();
        await foreach (var r in Reader.ReadSessionAsync(sessionId, 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        return records;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestContext.Current.CancellationToken);
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
