using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace CcTracer.AspNetCore.Ui;

/// <summary>
/// Serves the timeline UI: <c>index.html</c>, <c>app.css</c> and the ES modules under <c>js/</c>,
/// embedded in the assembly so it works wherever the tool is installed and offline. Each file has a
/// strong ETag (revalidation answers 304) and the CSP allows scripts and styles only from these files.
/// <c>HEAD /</c> answers 200 too: Claude Code probes it at start-up.
/// </summary>
internal static class UiEndpoints
{
    /// <summary>No inline script or style anywhere: the page is a shell, the code is in same-origin modules.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Index = "/index.html";

    public static void MapUi(this IEndpointRouteBuilder endpoints, bool enabled)
    {
        var assets = enabled
            ? UiAsset.LoadEmbedded()
            : [UiAsset.Create(Index, "<!doctype html><title>cc-tracer</title><p>cc-tracer is running; its UI is disabled.</p>"u8.ToArray())];
        var page = assets.SingleOrDefault(a => a.Path == Index)
            ?? throw new InvalidOperationException($"The UI resource '{UiAsset.ResourcePrefix}index.html' is missing from the assembly.");

        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], context =>
        {
            // Prefix-relative URLs in the page need the trailing slash ("/trace" → "/trace/").
            if (context.Request.Path.Value is { Length: > 0 } path && !path.EndsWith('/') && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(context.Request.PathBase + path + "/" + context.Request.QueryString);
                return Task.CompletedTask;
            }

            return ServeAsync(context, page);
        });
        foreach (var asset in assets)
        {
            endpoints.MapMethods(asset.Path, [HttpMethods.Get, HttpMethods.Head], context => ServeAsync(context, asset));
        }

        // A stale or mistyped module URL gets a clear 404 rather than whatever else might match.
        endpoints.MapMethods("/js/{**rest}", [HttpMethods.Get, HttpMethods.Head], context =>
            ErrorBody.WriteAsync(context, StatusCodes.Status404NotFound, "not_found", "No such UI file: " + context.Request.Path));
    }

    private static Task ServeAsync(HttpContext context, UiAsset asset)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ETag = asset.ETag.ToString();

        // Revalidate on every load (a tool update changes the files), but send the bytes only when they changed.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (IsNotModified(context.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        headers.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    private static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag)
    {
        var conditions = request.GetTypedHeaders().IfNoneMatch;

        // If-None-Match uses the weak comparison (RFC 9110 13.1.2).
        return conditions.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(etag, useStrongComparison: false));
    }
}
