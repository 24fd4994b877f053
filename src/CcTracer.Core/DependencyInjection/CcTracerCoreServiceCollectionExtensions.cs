using CcTracer.Diagnostics;
using CcTracer.Live;
using CcTracer.Storage;
using CcTracer.Threads;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// In the framework's namespace so AddCcTracerCore() lights up without a using, like AddOptions().
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CcTracer's core services.</summary>
public static class CcTracerCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the JSONL session store (<see cref="SessionLog"/>, <see cref="SessionLogReader"/>) and
    /// the <see cref="LiveFeed"/>, with <see cref="TraceStoreOptions"/> validated at start, and the
    /// tracer's own metrics and activities (<see cref="CcTracerTelemetry"/>). When the host stops,
    /// every pending record is written before it exits.
    /// </summary>
    public static IServiceCollection AddCcTracerCore(this IServiceCollection services, Action<TraceStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TraceStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TraceStoreOptions>, TraceStoreOptionsValidator>());
        services.AddOptions<LiveFeedOptions>()
            .Configure<IOptions<TraceStoreOptions>>((live, store) => live.SubscriberBuffer = store.Value.LiveFeedBuffer);
        services.TryAddSingleton<LiveFeed>();
        services.TryAddSingleton<SessionLog>();
        services.TryAddSingleton<SessionLogReader>();
        services.TryAddSingleton<ThreadStore>();
        services.TryAddSingleton<SessionRootIndex>();
        services.TryAddSingleton<TracerTelemetry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SessionLogLifetime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TracerTelemetryStartup>());
        return services;
    }
}
