using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentLoop.Tests;

/// <summary>
/// A stand-in for api.anthropic.com on real Kestrel: answers /v1/messages like a model would for the
/// weather prompt — first a get_weather call, then, once the result is back, the answer.
/// </summary>
internal sealed class ScriptedWeatherUpstream : IAsyncDisposable
{
    public const string FinalText = "It is sunny in Paris right now, 21°C.";

    private readonly WebApplication _app;

    private ScriptedWeatherUpstream(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<ScriptedWeatherUpstream> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/messages", async (HttpContext context) =>
        {
            var request = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
            var messages = request["messages"]!.AsArray();
            var last = messages[^1]!["content"];
            var sawResult = last is JsonArray blocks && blocks.Any(b => (string?)b!["type"] == "tool_result");
            var content = sawResult
                ? new JsonArray(new JsonObject { ["type"] = "text", ["text"] = FinalText })
                : new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = "Let me look that up." },
                    new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_01ParisWeather", ["name"] = "get_weather", ["input"] = new JsonObject { ["city"] = "Paris" } });
            var message = new JsonObject
            {
                ["id"] = sawResult ? "msg_02Answer" : "msg_01ToolUse",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = (string?)request["model"],
                ["content"] = content,
                ["stop_reason"] = sawResult ? "end_turn" : "tool_use",
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = sawResult ? 212 : 180,
                    ["cache_creation_input_tokens"] = 0,
                    ["cache_read_input_tokens"] = 0,
                    ["output_tokens"] = sawResult ? 14 : 38,
                },
            };
            context.Response.Headers["request-id"] = sawResult ? "req_02" : "req_01";
            return Results.Text(message.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json");
        });
        await app.StartAsync(cancellationToken);
        return new ScriptedWeatherUpstream(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
