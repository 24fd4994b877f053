using System.Net;
using CcTracer.Benchmarks.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace CcTracer.Benchmarks.Servers;

/// <summary>
/// <c>serve-yarp</c>: the floor for a .NET proxy — <see cref="IHttpForwarder"/> with the same
/// handler settings as the tracer's UpstreamClient and no capture. Also serves <c>POST /hooks</c> as a bare
/// "read the body, answer 200" endpoint: the floor for the hook sink.
/// </summary>
internal static class YarpApp
{
    public static Task<int> RunAsync(BenchOptions options)
    {
        var upstream = options.Required("--upstream");
        var builder = ServeHost.CreateBuilder();
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
        });
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) };
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentLength = 0;
        });
        app.Map("/v1/{**path}", async (HttpContext context, IHttpForwarder forwarder) =>
        {
            var error = await forwarder.SendAsync(context, upstream, invoker, config, HttpTransformer.Default).ConfigureAwait(false);
            if (error != ForwarderError.None && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        });
        return ServeHost.RunAsync(app);
    }
}
