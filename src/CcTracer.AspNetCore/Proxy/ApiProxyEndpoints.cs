using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>Registers and maps the capturing <c>/v1/{**path}</c> proxy.</summary>
internal static class ApiProxyEndpoints
{
    /// <summary>Adds YARP's forwarder, the shared upstream connection pool and the proxy handler.</summary>
    public static IServiceCollection AddCcTracerProxy(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IdleMemoryTrim>();
        services.TryAddSingleton<ApiProxy>();
        return services;
    }

    /// <summary>Maps every method on <c>/v1/{**path}</c> to the proxy.</summary>
    public static IEndpointConventionBuilder MapApiProxy(this IEndpointRouteBuilder endpoints)
        => endpoints
            .Map("/v1/{**path}", context => context.RequestServices.GetRequiredService<ApiProxy>().HandleAsync(context))
            .WithDisplayName("CcTracer API proxy");
}
