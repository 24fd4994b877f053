using CcTracer.Benchmarks.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CcTracer.Benchmarks.Servers;

/// <summary><c>serve-tracer</c>: the real tracer (AddCcTracer/MapCcTracer, capture on) in its own process.</summary>
internal static class TracerApp
{
    public static Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(options.Required("--upstream"));
        var logDirectory = options.Required("--log-dir");
        var builder = ServeHost.CreateBuilder();
        builder.Services.AddCcTracer(
            o =>
            {
                o.Upstream = upstream;
                o.UseSystemProxy = false;

                // As cc-tracer runs it (src/CcTracer.Tool/Server/TracerServer.cs).
                o.TrimMemoryWhenIdle = true;
            },
            s => s.LogDirectory = logDirectory);
        var app = builder.Build();
        app.MapCcTracer();
        return ServeHost.RunAsync(app);
    }
}
