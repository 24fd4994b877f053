using Microsoft.Extensions.Hosting;

namespace CcTracer.Storage;

/// <summary>Writes every pending record when the host stops (Ctrl+C, SIGTERM, <c>cc-tracer stop</c>).</summary>
internal sealed class SessionLogLifetime(SessionLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await log.DisposeAsync().ConfigureAwait(false);
}
