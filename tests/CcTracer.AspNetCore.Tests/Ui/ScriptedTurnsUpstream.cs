using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// An Anthropic-like upstream on real Kestrel that answers each <c>POST /v1/messages</c> with the
/// next scripted SSE turn, in order, so the tracer's proxy captures a real stream end to end.
/// (Kept here rather than in TestKit so it cannot collide with the proxy branch's ScriptedUpstream.)
/// </summary>
internal sealed class ScriptedTurnsUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _turns;

    private ScriptedTurnsUpstream(WebApplication app, ConcurrentQueue<string> turns, Uri address)
    {
        _app = app;
        _turns = turns;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Turns not yet served.</summary>
    public int Remaining => _turns.Count;

    public static async Task<ScriptedTurnsUpstream> StartAsync(IEnumerable<string> sseTurns, CancellationToken cancellationToken)
    {
        var turns = new ConcurrentQueue<string>(sseTurns);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/messages", async (HttpContext context) =>
        {
            // Drain the request first, as the real API does before answering.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            if (!turns.TryDequeue(out var sse))
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"script exhausted\"}}", context.RequestAborted);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            context.Response.Headers["request-id"] = "req_scripted";
            foreach (var frame in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                // One write + flush per event: the proxy sees a real, incremental stream.
                await context.Response.WriteAsync(frame + "\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScriptedTurnsUpstream(app, turns, new Uri(address));
    }

    /// <summary>A streamed turn that thinks, then calls <c>Bash</c> with <c>echo hi</c> as <paramref name="toolUseId"/>.</summary>
    public static string ThinkingThenToolUse(string toolUseId, string thinking) => Sse(
        MessageStart("msg_01TurnOne"),
        Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "thinking", thinking = "", signature = "" } }),
        Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "thinking_delta", thinking } }),
        Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "signature_delta", signature = "EqQBCkYIBRgCIkDx7yq0a9JZ2d1k3t0o8rPq0vV0" } }),
        Event("content_block_stop", new { type = "content_block_stop", index = 0 }),
        Event("content_block_start", new { type = "content_block_start", index = 1, content_block = new { type = "tool_use", id = toolUseId, name = "Bash", input = new { } } }),
        Event("content_block_delta", new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = "{\"command\":\"echo hi\"," } }),
        Event("content_block_delta", new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = "\"description\":\"say hi\"}" } }),
        Event("content_block_stop", new { type = "content_block_stop", index = 1 }),
        MessageDelta("tool_use", 61),
        Event("message_stop", new { type = "message_stop" }));

    /// <summary>A streamed turn that answers with one text block and ends the turn.</summary>
    public static string FinalText(string text) => Sse(
        MessageStart("msg_01TurnTwo"),
        Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }),
        Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text } }),
        Event("content_block_stop", new { type = "content_block_stop", index = 0 }),
        MessageDelta("end_turn", 12),
        Event("message_stop", new { type = "message_stop" }));

    private static string MessageStart(string id) => Event("message_start", new
    {
        type = "message_start",
        message = new
        {
            model = "claude-opus-4-8",
            id,
            type = "message",
            role = "assistant",
            content = Array.Empty<object>(),
            stop_reason = (string?)null,
            stop_sequence = (string?)null,
            usage = new { input_tokens = 6, cache_creation_input_tokens = 3201, cache_read_input_tokens = 18650, output_tokens = 2 },
        },
    });

    private static string MessageDelta(string stopReason, int outputTokens) => Event("message_delta", new
    {
        type = "message_delta",
        delta = new { stop_reason = stopReason, stop_sequence = (string?)null },
        usage = new { input_tokens = 6, cache_creation_input_tokens = 3201, cache_read_input_tokens = 18650, output_tokens = outputTokens },
    });

    private static string Event(string name, object data) => "event: " + name + "\ndata: " + JsonSerializer.Serialize(data) + "\n\n";

    private static string Sse(params string[] events)
    {
        var sb = new StringBuilder();
        foreach (var e in events)
        {
            sb.Append(e);
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
