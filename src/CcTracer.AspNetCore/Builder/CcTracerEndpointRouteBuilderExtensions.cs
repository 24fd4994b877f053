using CcTracer.AspNetCore.Proxy;
using Microsoft.AspNetCore.Routing;

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
        var group = endpoints.MapGroup(prefix);
        group.MapApiProxy();
        return group;
    }
}
