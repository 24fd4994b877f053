using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using CcTracer.Live;
using CcTracer.Storage;
using CcTracer.Threads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CcTracer.AspNetCore.Api;

/// <summary>The JSON and SSE API the UI and tools read (docs/http-api.md).</summary>
internal static class TracerApiEndpoints
{
    public static void MapTracerApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/health", Health);
        api.MapGet("/sessions", Sessions);
        api.MapGet("/sessions/{id}/records", Records);
        api.MapGet("/sessions/{id}/records/{seq:long}", Record);
        api.MapGet("/sessions/{id}/records/{seq:long}/diff", EditDiffEndpoint.GetAsync);
        api.MapGet("/sessions/{id}/search", Search);
        api.MapGet("/sessions/{id}/threads", ThreadsEndpoint.GetAsync);
        api.MapGet("/live", Live);
        api.MapAnalysisApi();
    }

    private static Ok<HealthInfo> Health(TracerIdentity identity, SessionLog log, IOptions<CcTracerOptions> options)
        => TypedResults.Ok(new HealthInfo("cc-tracer", identity.Version, Environment.ProcessId, log.LogDirectory, options.Value.Upstream.ToString(), identity.StartedAt, log.AcceptedRecords, log.DroppedRecords, log.WriteFailures));

    private static async Task<Ok<SessionSummary[]>> Sessions(HttpContext context, SessionLogReader reader, SessionRootIndex roots)
    {
        var sessions = await reader.ListSessionsAsync(context.RequestAborted).ConfigureAwait(false);
        var links = await roots.LinkAllAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(sessions.Select(s => SessionSummary.From(s, links.GetValueOrDefault(s.SessionId)?.Group)).ToArray());
    }

    private static async Task Records(HttpContext context, SessionLogReader reader, string id, long? after)
    {
        var summaries = await reader.GetSummariesAsync(id, after ?? 0, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = context.Response.BodyWriter;
        body.Write("["u8);
        for (var i = 0; i < summaries.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(summaries[i].Span);
            if (i % 256 == 255)
            {
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        body.Write("]"u8);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> Record(HttpContext context, SessionLogReader reader, string id, long seq)
    {
        var line = await reader.FindLineAsync(id, seq, context.RequestAborted).ConfigureAwait(false);
        return line is { } bytes
            ? TypedResults.Bytes(bytes, "application/json; charset=utf-8")
            : TypedResults.NotFound(new ErrorBody(new ErrorDetail("not_found", $"Session '{id}' has no record {seq}.")));
    }

    private static async Task<IResult> Search(HttpContext context, SessionLogReader reader, string id, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.BadRequest(new ErrorBody(new ErrorDetail("invalid_request", "Give the text to search for as ?q=.")));
        }

        var seqs = await reader.SearchAsync(id, q, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new SearchResult(seqs));
    }

    private static ServerSentEventsResult<string> Live(HttpContext context, LiveFeed feed, SessionAnalyses analyses, TracerIdentity identity, IHostApplicationLifetime lifetime, string? session)
        => TypedResults.ServerSentEvents(Stream(feed, analyses, identity, session, context.RequestAborted, lifetime.ApplicationStopping));

    private static async IAsyncEnumerable<SseItem<string>> Stream(LiveFeed feed, SessionAnalyses analyses, TracerIdentity identity, string? session, [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        // A graceful stop waits for every open request, and a live stream never ends by itself: without
        // the host's stopping token one open tab would hold the server up for the whole shutdown timeout.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        var cancellationToken = linked.Token;
        using var subscription = feed.Subscribe(string.IsNullOrEmpty(session) ? null : SessionIds.Normalize(session));
        yield return new SseItem<string>($"{{\"version\":\"{identity.Version}\"}}", "hello");
        while (true)
        {
            LiveItem item;
            try
            {
                item = await subscription.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                yield break;
            }

            yield return new SseItem<string>(Encoding.UTF8.GetString(item.Data.Span), item.Event);
            if (await AnalysisLiveItems.ForAsync(item, analyses, cancellationToken).ConfigureAwait(false) is { } analysis)
            {
                yield return analysis;
            }
        }
    }
}
