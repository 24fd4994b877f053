using System.Text.Json;
using CcTracer.Threads;
using Microsoft.AspNetCore.Http;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/threads</c>: which thread (main loop, subagent, utility) each API call
/// belongs to, the session's compactions, and its resume links (docs/http-api.md). <c>?after=SEQ</c>
/// gives only the calls after SEQ (with every thread), so a live view refreshes cheaply.
/// </summary>
internal static class ThreadsEndpoint
{
    public static async Task GetAsync(HttpContext context, ThreadStore threads, SessionRootIndex roots, string id, long? after)
    {
        var cancellationToken = context.RequestAborted;
        var links = await roots.LinksOfAsync(id, cancellationToken).ConfigureAwait(false);
        var json = await threads.ReadAsync(id, attributor =>
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                ThreadsJson.WriteDocument(writer, attributor, links, after ?? 0);
            }

            return buffer.ToArray();
        }, cancellationToken).ConfigureAwait(false);
        threads.Trim();
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(json, cancellationToken).ConfigureAwait(false);
    }
}
