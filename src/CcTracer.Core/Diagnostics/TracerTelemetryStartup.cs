using Microsoft.Extensions.Hosting;

namespace CcTracer.Diagnostics;

/// <summary>Creates the tracer's instruments when the host starts, so a hooks-only session is measured too.</summary>
internal sealed class TracerTelemetryStartup(TracerTelemetry telemetry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(telemetry);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
