using CcTracer.AspNetCore.Api;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace CcTracer.AspNetCore.Export;

/// <summary>
/// <c>GET /api/sessions/{id}/export/{har|html|md}[?content=none]</c>: a session as a file to hand to
/// someone (the UI's export buttons), streamed as it is made.
/// </summary>
internal static class ExportEndpoints
{
    public static void MapExports(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet("/api/sessions/{id}/export/{format}", ExportAsync);

    private static async Task ExportAsync(HttpContext context, SessionLogReader reader, string id, string format, string? content)
    {
        if (!SessionExports.TryParse(format, out var kind))
        {
            await ErrorBody.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request", $"Unknown export format '{format}': use har, html or md.").ConfigureAwait(false);
            return;
        }

        var path = reader.PathFor(id);
        if (!File.Exists(path))
        {
            await ErrorBody.WriteAsync(context, StatusCodes.Status404NotFound, "not_found", $"No session '{id}'.").ConfigureAwait(false);
            return;
        }

        var noContent = string.Equals(content, "none", StringComparison.OrdinalIgnoreCase);
        var name = SessionIds.Normalize(id) + (noContent ? ".no-content" : string.Empty) + SessionExports.Extension(kind);
        context.Response.ContentType = SessionExports.ContentType(kind);
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name }.ToString();
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var api = new InProcessApi(context.RequestServices);
        await SessionExports.WriteAsync(kind, api, id, path, context.Response.Body, noContent, context.RequestAborted).ConfigureAwait(false);
    }
}
