using System.Net;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// The one connection pool to the upstream, shared by every exchange. Responses are never
/// decompressed here: the client must get upstream's bytes exactly, and capture decodes its copy.
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    public UpstreamClient(IOptions<CcTracerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        Upstream = o.Upstream;
        DestinationPrefix = o.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/');
        ConnectTimeout = o.UpstreamConnectTimeout;
        ResponseTimeout = o.UpstreamResponseTimeout;
        Invoker = new HttpMessageInvoker(
            new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.None,
                UseProxy = o.UseSystemProxy,
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = o.UpstreamConnectTimeout,
                EnableMultipleHttp2Connections = true,

                // Claude Code's own headers go through untouched; the tracer adds no traceparent.
                ActivityHeadersPropagator = null,
            },
            disposeHandler: true);
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = o.UpstreamResponseTimeout };
    }

    /// <summary>The configured upstream, for messages.</summary>
    public Uri Upstream { get; }

    /// <summary>The upstream as YARP's destination prefix (scheme, host, base path; no trailing slash).</summary>
    public string DestinationPrefix { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan ResponseTimeout { get; }

    public HttpMessageInvoker Invoker { get; }

    public ForwarderRequestConfig RequestConfig { get; }

    public void Dispose() => Invoker.Dispose();
}
