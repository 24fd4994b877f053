using System.Net;
using CcTracer.Analysis;
using CcTracer.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.Tool.Server;

/// <summary>Builds the tracer's web host: the library's endpoints on a lean Kestrel, plus the tool's shutdown endpoint.</summary>
internal static class TracerServer
{
    public static WebApplication Build(ServeSettings settings, string shutdownToken)
    {
        // The slim builder skips configuration sources and services the tracer never uses: start-up time is the user's wait.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The UI is embedded; the content root only has to exist wherever the tool was started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(settings.Bind, settings.Port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddCcTracer(
            options =>
            {
                options.Upstream = settings.Upstream;

                // This process only traces: after big turns it may give its memory back while idle.
                options.TrimMemoryWhenIdle = true;
                foreach (var host in settings.AllowedHosts)
                {
                    options.AllowedHosts.Add(host);
                }

                // A specific non-loopback bind is how the user asked to be reached; accept that Host.
                if (!IPAddress.IsLoopback(settings.Bind) && !settings.Bind.Equals(IPAddress.Any) && !settings.Bind.Equals(IPAddress.IPv6Any))
                {
                    options.AllowedHosts.Add(settings.Bind.ToString());
                }
            },
            store =>
            {
                store.LogDirectory = settings.LogDirectory;
                store.MaskSecretsInBodies = settings.MaskSecretsInBodies;
            });
        builder.Services.Configure<AnalysisOptions>(analysis => analysis.PricingFile = settings.PricingFile);
        if (settings.Otlp.Enabled)
        {
            builder.Services.AddCcTracerOpenTelemetryExport(settings.Otlp.Configure);
        }

        var app = builder.Build();
        app.MapCcTracer();
        app.MapShutdown(shutdownToken);
        return app;
    }
}
