using CcTracer.AspNetCore.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CcTracer.AspNetCore.Export;

/// <summary>
/// The tracer's JSON API answered in-process, without a socket: the HTML snapshot embeds exactly what the
/// UI would have fetched, produced by the real endpoints, so an endpoint added to the API needs only its
/// URL listed in <see cref="SnapshotUrls"/> to be in every snapshot.
/// </summary>
internal sealed class InProcessApi
{
    private readonly IServiceProvider _services;
    private readonly RequestDelegate _pipeline;

    public InProcessApi(IServiceProvider services)
    {
        _services = services;
        var app = new ApplicationBuilder(services);
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapTracerApi());
        _pipeline = app.Build();
    }

    /// <summary>The tracer's version, as its health endpoint reports it.</summary>
    public string Version => _services.GetRequiredService<TracerIdentity>().Version;

    /// <summary>GETs <paramref name="relativeUrl"/> (e.g. <c>api/sessions</c>); the status and the body.</summary>
    public async Task<(int Status, byte[] Body)> GetAsync(string relativeUrl, CancellationToken cancellationToken)
    {
        var scope = _services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
            var query = relativeUrl.IndexOf('?', StringComparison.Ordinal);
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("127.0.0.1");
            context.Request.Path = "/" + (query < 0 ? relativeUrl : relativeUrl[..query]);
            context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(relativeUrl[query..]);
            using var body = new MemoryStream();
            context.Response.Body = body;
            await _pipeline(context).ConfigureAwait(false);
            await context.Response.CompleteAsync().ConfigureAwait(false);
            return (context.Response.StatusCode, body.ToArray());
        }
    }
}
