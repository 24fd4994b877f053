using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CcTracer.AspNetCore.Proxy;

/// <summary>
/// Puts the <see cref="TeeResponseStream"/> in front of the server's response body for one
/// exchange. Buffering and start go to the server's feature; the proxy restores that feature
/// and completes it itself once forwarding returns.
/// </summary>
internal sealed class CaptureResponseBodyFeature : StreamResponseBodyFeature
{
    public CaptureResponseBodyFeature(TeeResponseStream stream, IHttpResponseBodyFeature prior)
        : base(stream, prior)
    {
    }

    /// <summary>Starts the response on the server's feature, so headers go out without a body write.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        await PriorFeature!.StartAsync(cancellationToken).ConfigureAwait(false);
    }
}
