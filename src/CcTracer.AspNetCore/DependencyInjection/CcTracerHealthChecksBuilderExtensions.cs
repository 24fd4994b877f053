using CcTracer.AspNetCore.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds CcTracer's health check to a host's health checks.</summary>
public static class CcTracerHealthChecksBuilderExtensions
{
    /// <summary>
    /// <c>services.AddHealthChecks().AddCcTracer()</c>: unhealthy while the session log cannot be
    /// written (a write failed within the last minute), degraded while records are being dropped.
    /// Map it with <c>app.MapHealthChecks("/healthz")</c>.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    public static IHealthChecksBuilder AddCcTracer(this IHealthChecksBuilder builder, string name = "cctracer-log", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SessionLogHealthCheck>();
        return builder.Add(new HealthCheckRegistration(name, sp => sp.GetRequiredService<SessionLogHealthCheck>(), HealthStatus.Unhealthy, tags));
    }
}
