using CcTracer.OpenTelemetry.Export;
using CcTracer.OpenTelemetry.Live;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CcTracer's live OTLP export.</summary>
public static class CcTracerOpenTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Exports every Claude Code call the tracer records, as it completes, as OpenTelemetry GenAI
    /// spans over OTLP (docs/opentelemetry.md). Call after <c>AddCcTracer()</c> (or
    /// <c>AddCcTracerCore()</c>), whose live feed and log it reads:
    /// <c>services.AddCcTracer().AddCcTracerOpenTelemetryExport(o => o.Endpoint = new("http://localhost:4317"))</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Endpoint, protocol, content; unset values follow the <c>OTEL_EXPORTER_OTLP_*</c> variables.</param>
    public static IServiceCollection AddCcTracerOpenTelemetryExport(this IServiceCollection services, Action<CcTracerOtlpExportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CcTracerOtlpExportOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LiveOtlpExport>());
        return services;
    }
}
