using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// YARP's default header handling (end-to-end headers copied, hop-by-hop dropped, Host set for
/// the upstream) plus what the tracer needs: the path without the MapCcTracer prefix, an
/// <c>Accept-Encoding</c> capture can decode, and a look at upstream's response headers.
/// </summary>
internal sealed class ExchangeTransformer : HttpTransformer
{
    private readonly ApiExchange _exchange;

    public ExchangeTransformer(ApiExchange exchange)
    {
        _exchange = exchange;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);

        // The client addressed the tracer; upstream (a TLS host, a gateway) must see its own name.
        proxyRequest.Headers.Host = null;

        // MakeDestinationAddress appends to the prefix's own path, so a gateway base such as
        // http://host/anthropic keeps its /anthropic.
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, _exchange.ForwardPath, httpContext.Request.QueryString);
        AcceptEncodingFilter.Apply(proxyRequest.Headers);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);

        // The one place YARP shows upstream's own response (status, content headers, the
        // Content-Encoding capture must decode) after it arrives and before the first body byte is
        // copied, so capture starts here. Kept to one call: the proxy made the capture already.
        if (proxyResponse is not null)
        {
            _exchange.OnResponseHeaders(proxyResponse);
        }

        return copyBody;
    }
}
