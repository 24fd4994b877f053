using System.Buffers;
using System.Text.Json;
using CcTracer.AspNetCore.Proxy;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CcTracer.AspNetCore.Hooks;

/// <summary>
/// <c>POST /hooks</c> and <c>/hooks/{event}</c>. A hook's answer can steer Claude Code, so the
/// sink always answers 200 with an empty body, at once, whatever it does with the payload;
/// only a body that is not a JSON object gets a 400 (and is still logged raw).
/// </summary>
internal static class HookSinkEndpoints
{
    public static void MapHookSink(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/hooks", (HttpContext context) => ReceiveAsync(context, null));
        endpoints.MapPost("/hooks/{event}", (HttpContext context, string @event) => ReceiveAsync(context, @event));
    }

    private static async Task ReceiveAsync(HttpContext context, string? eventHint)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<CcTracerOptions>>().Value;
        var log = context.RequestServices.GetRequiredService<SessionLog>();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxHookBytes;
        }

        // A big hook body is a big allocation like a big turn: the idle trim gives the memory back
        // afterwards (without it 7 x 60 MB hooks left the server at ~600 MB for good).
        var trim = context.RequestServices.GetService<IdleMemoryTrim>();
        trim?.ExchangeStarted();
        long received = 0;
        try
        {
            received = await ReceiveBodyAsync(context, log, options, eventHint).ConfigureAwait(false);
        }
        finally
        {
            trim?.ExchangeEnded(received);
        }
    }

    /// <summary>Files the hook; returns the bytes received.</summary>
    private static async Task<long> ReceiveBodyAsync(HttpContext context, SessionLog log, CcTracerOptions options, string? eventHint)
    {
        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, options.MaxHookBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (PayloadTooLargeException)
        {
            log.Append(new NoticeRecord(null, NoticeLevel.Warning, $"cc-tracer refused a hook payload larger than {options.MaxHookBytes} bytes.", eventHint));
            await ErrorBody.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"Hook payloads are limited to {options.MaxHookBytes} bytes.").ConfigureAwait(false);
            return 0;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            await ErrorBody.WriteAsync(context, e.StatusCode, "bad_request", e.Message).ConfigureAwait(false);
            return 0;
        }

        if (!HookFields.TryRead(body, out var fields, out var error))
        {
            log.Append(new RejectedHookRecord(fields.SessionId, error!, context.Request.ContentType, eventHint, body));
            await ErrorBody.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_hook_payload", error!).ConfigureAwait(false);
            return body.Length;
        }

        var eventName = fields.EventName ?? eventHint ?? "Unknown";
        log.Append(new HookRecord(fields.SessionId, eventName, fields.ToolUseId, body));
        await HandedToOsAsync(log, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        return body.Length;
    }

    /// <summary>
    /// A 200 tells Claude Code the event is kept, so it waits until the line is handed to the OS
    /// (the page cache survives a kill -9 of the tracer), but never more than 100 ms: a writer
    /// that far behind must not slow the session down.
    /// </summary>
    private static async Task HandedToOsAsync(SessionLog log, CancellationToken requestAborted)
    {
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        cap.CancelAfter(TimeSpan.FromMilliseconds(100));
        try
        {
            await log.FlushAsync(cap.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            throw new PayloadTooLargeException();
        }

        if (request.ContentLength is > 0 and var declared)
        {
            // Claude Code declares the length: one exact array instead of a doubling buffer
            // (which left two or three large-object-heap arrays per big body) and a final copy.
            var exact = new byte[declared];
            var read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == exact.Length ? exact : exact[..read];
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > max)
            {
                throw new PayloadTooLargeException();
            }
        }
    }

    private sealed class PayloadTooLargeException : Exception
    {
    }
}
