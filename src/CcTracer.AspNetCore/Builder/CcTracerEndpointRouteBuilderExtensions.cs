using CcTracer.AspNetCore;
using CcTracer.AspNetCore.Api;
using CcTracer.AspNetCore.Export;
using CcTracer.AspNetCore.Hooks;
using CcTracer.AspNetCore.Proxy;
using CcTracer.AspNetCore.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CcTracer.AspNetCore.Ui;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps CcTracer's endpoints.</summary>
public static class CcTracerEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the hook sink (<c>/hooks</c>), the API proxy (<c>/v1/*</c>), the JSON/SSE API
    /// (<c>/api/*</c>) and the UI (<c>/</c>) under <paramref name="prefix"/>. The returned builder
    /// applies conventions (e.g. <c>RequireAuthorization()</c>) to all of them.
    /// </summary>
    public static IEndpointConventionBuilder MapCcTracer(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        EnsureServicesAdded(endpoints.ServiceProvider);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<CcTracerOptions>>().Value;
        var group = endpoints.MapGroup(prefix);

        // Every tracer endpoint, whatever its kind, goes through the local-only guard.
        ((IEndpointConventionBuilder)group).Add(builder =>
        {
            if (builder.RequestDelegate is { } next)
            {
                builder.RequestDelegate = LocalOnlyGuard.Wrap(next);
            }
        });
        group.MapHookSink();
        group.MapApiProxy();
        group.MapTracerApi();
        group.MapExports();
        group.MapUi(options.EnableUi);
        return group;
    }

    /// <summary>
    /// Options resolve even when never configured, so without this check a missing <c>AddCcTracer()</c>
    /// would surface only at the first request, as a missing service deep in an endpoint.
    /// </summary>
    private static void EnsureServicesAdded(IServiceProvider services)
    {
        // Asked without resolving: resolving would create the identity, and with it started_at, now.
        var added = services.GetService<IServiceProviderIsService>() is { } isService
            ? isService.IsService(typeof(TracerIdentity))
            : services.GetService<TracerIdentity>() is not null;
        if (!added)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddCcTracer()' before 'app.MapCcTracer()'.");
        }
    }
}
