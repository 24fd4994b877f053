using CcTracer.Analysis;
using CcTracer.AspNetCore;
using CcTracer.AspNetCore.Api;
using CcTracer.AspNetCore.Proxy;
using CcTracer.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CcTracer in an ASP.NET Core host.</summary>
public static class CcTracerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the tracer: the core store (<c>AddCcTracerCore</c>), the API proxy and the options
    /// its endpoints use. Map the endpoints with <c>app.MapCcTracer()</c>.
    /// </summary>
    public static IServiceCollection AddCcTracer(this IServiceCollection services, Action<CcTracerOptions>? configure = null, Action<TraceStoreOptions>? configureStore = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCcTracerCore(configureStore);
        var options = services.AddOptions<CcTracerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CcTracerOptions>, CcTracerOptionsValidator>());
        services.TryAddSingleton<TracerIdentity>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TracerStartStamp>());
        services.AddCcTracerProxy();
        services.AddOptions<AnalysisOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>());
        services.TryAddSingleton<SessionAnalyses>();
        return services;
    }
}
