using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>Maps <c>/v1/{**path}</c> to the capturing forwarder. (Placeholder: being written.)</summary>
internal static class ApiProxyEndpoints
{
    public static IServiceCollection AddCcTracerProxy(this IServiceCollection services) => services;

    public static IEndpointConventionBuilder MapApiProxy(this IEndpointRouteBuilder endpoints)
        => endpoints.Map("/v1/{**path}", (HttpContext context) => Results.StatusCode(501));
}
