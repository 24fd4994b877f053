using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CcTracer.Benchmarks.Servers;

/// <summary>
/// <c>serve-upstream</c>: a scripted Anthropic-like API on loopback. <c>POST /v1/messages</c>
/// streams either a paced, timestamped turn (<c>x-bench-script: turn</c>) or a bulk text turn
/// (<c>x-bench-script: bulk</c>), as the request headers ask.
/// </summary>
internal static class UpstreamApp
{
    public const string ScriptHeader = "x-bench-script";
    public const string EventsHeader = "x-bench-events";
    public const string IntervalHeader = "x-bench-interval-us";
    public const string BytesHeader = "x-bench-bytes";
    public const string DeltaCharsHeader = "x-bench-delta-chars";

    public static Task<int> RunAsync()
    {
        var builder = ServeHost.CreateBuilder();
        var app = builder.Build();
        var turns = new Dictionary<int, TurnScript>();
        app.MapPost("/v1/messages", async (HttpContext context) =>
        {
            // Read the whole request as a real API would before answering.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            var headers = context.Request.Headers;
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["request-id"] = "req_bench";
            context.Response.Headers["anthropic-ratelimit-output-tokens-remaining"] = "80000";
            if (headers[ScriptHeader] == "bulk")
            {
                var script = new BulkScript(long.Parse(headers[BytesHeader]!, CultureInfo.InvariantCulture), int.Parse(headers[DeltaCharsHeader].FirstOrDefault() ?? "512", CultureInfo.InvariantCulture));
                await WriteBulkAsync(context, script).ConfigureAwait(false);
                return;
            }

            var count = int.Parse(headers[EventsHeader].FirstOrDefault() ?? "2000", CultureInfo.InvariantCulture);
            TurnScript turn;
            lock (turns)
            {
                if (!turns.TryGetValue(count, out turn!))
                {
                    turns[count] = turn = TurnScript.Create(count);
                }
            }

            var intervalUs = int.Parse(headers[IntervalHeader].FirstOrDefault() ?? "750", CultureInfo.InvariantCulture);
            await WriteTurnAsync(context, turn, intervalUs).ConfigureAwait(false);
        });
        return ServeHost.RunAsync(app);
    }

    private static async Task WriteTurnAsync(HttpContext context, TurnScript turn, int intervalUs)
    {
        var body = context.Response.BodyWriter;
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        var interval = intervalUs * Stopwatch.Frequency / 1_000_000;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < turn.Events.Count; i++)
        {
            // Timers tick in whole milliseconds, so sleep while ≥ 0.5 ms ahead of the schedule
            // and otherwise send at once: the mean pace is exact, single gaps are 0–1 ms.
            var target = start + (i * interval);
            while (target - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 2000)
            {
                await Task.Delay(1, context.RequestAborted).ConfigureAwait(false);
            }

            var (prefix, suffix) = turn.Events[i];
            var span = body.GetSpan(prefix.Length + 20 + suffix.Length);
            prefix.CopyTo(span);
            var ts = Stopwatch.GetTimestamp();
            Utf8Formatter.TryFormat(ts, span[prefix.Length..], out var digits);
            suffix.CopyTo(span[(prefix.Length + digits)..]);
            body.Advance(prefix.Length + digits + suffix.Length);
            await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task WriteBulkAsync(HttpContext context, BulkScript script)
    {
        var body = context.Response.BodyWriter;
        var pending = 0;
        foreach (var piece in script.Pieces())
        {
            body.Write(piece);
            pending += piece.Length;

            // Flush in network-sized batches, as an upstream behind TLS would deliver them.
            if (pending >= 16 * 1024)
            {
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                pending = 0;
            }
        }

        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
