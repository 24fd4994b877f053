using Anthropic;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentLoop.Tests;

/// <summary>
/// Makes the recording the tests replay, the way a user would: the agent runs through the real CcTracer
/// proxy (AddCcTracer/MapCcTracer on Kestrel) to an upstream, and the tracer's log is the fixture.
/// The upstream here is <see cref="ScriptedWeatherUpstream"/>; pass another (e.g. https://api.anthropic.com
/// with a real key) to record a real model.
/// </summary>
internal static class WeatherRecorder
{
    public const string Prompt = "What's the weather in Paris?";

    /// <summary>Runs the agent through a tracer and returns the path of the session log it wrote.</summary>
    public static async Task<string> RecordAsync(Uri upstream, string logDirectory, string apiKey, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(o => { o.Upstream = upstream; o.UseSystemProxy = false; o.EnableUi = false; }, s => s.LogDirectory = logDirectory);
        var tracer = builder.Build();
        tracer.MapCcTracer();
        await tracer.StartAsync(cancellationToken);
        try
        {
            var client = new AnthropicClient { BaseUrl = tracer.Urls.First(), ApiKey = apiKey, MaxRetries = 0 };
            await new WeatherAgent(client).RunAsync(Prompt, cancellationToken);
            await tracer.Services.GetRequiredService<SessionLog>().FlushAsync(cancellationToken);
        }
        finally
        {
            await tracer.StopAsync(CancellationToken.None);
            await tracer.DisposeAsync();
        }

        // The SDK sends no Claude Code session id, so the tracer files the traffic under the
        // pseudo-session "unattributed" (docs/record-schema.md).
        return Path.Combine(logDirectory, "unattributed.jsonl");
    }
}
