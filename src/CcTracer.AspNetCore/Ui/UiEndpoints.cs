using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CcTracer.AspNetCore.Ui;

/// <summary>
/// Serves the timeline page, embedded in the assembly so it works wherever the tool is
/// installed and offline. <c>HEAD /</c> answers 200 too: Claude Code probes it at start-up.
/// </summary>
internal static class UiEndpoints
{
    private const string Resource = "CcTracer.Ui/index.html";

    public static void MapUi(this IEndpointRouteBuilder endpoints, bool enabled)
    {
        var page = enabled ? LoadPage() : "<!doctype html><title>cc-tracer</title><p>cc-tracer is running; its UI is disabled.</p>"u8.ToArray();
        RequestDelegate serve = context =>
        {
            // Prefix-relative URLs in the page need the trailing slash ("/trace" → "/trace/").
            if (context.Request.Path.Value is { Length: > 0 } path && !path.EndsWith('/') && !path.EndsWith("index.html", StringComparison.Ordinal)
                && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(context.Request.PathBase + path + "/" + context.Request.QueryString);
                return Task.CompletedTask;
            }

            var headers = context.Response.Headers;
            headers.ContentType = "text/html; charset=utf-8";
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            context.Response.ContentLength = page.Length;
            return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(page, context.RequestAborted).AsTask();
        };
        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], serve);
        endpoints.MapMethods("/index.html", [HttpMethods.Get, HttpMethods.Head], serve);
    }

    private static byte[] LoadPage()
    {
        using var stream = typeof(UiEndpoints).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The UI resource '{Resource}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
