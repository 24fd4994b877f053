using Microsoft.Extensions.Hosting;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// Creates the <see cref="TracerIdentity"/> while the host starts: it stamps its start time when
/// created, and created on demand that would be the first <c>/api/health</c> call, not the start.
/// </summary>
internal sealed class TracerStartStamp(TracerIdentity identity) : IHostedService
{
    public DateTimeOffset StartedAt => identity.StartedAt;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
