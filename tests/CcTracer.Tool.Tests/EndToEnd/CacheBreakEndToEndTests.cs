using System.Text.Json;
using CcTracer.TestKit;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// The real Claude Code CLI through <c>cc-tracer start</c> against an upstream that simulates the
/// prompt cache: the session is continued (<c>-c</c>) with another model, the cache misses, and the
/// analysis API says why.
/// </summary>
public sealed class CacheBreakEndToEndTests
{
    private const string FirstModel = "claude-sonnet-4-5";
    private const string SecondModel = "claude-haiku-4-5";

    [Fact]
    public async Task A_model_switch_between_two_runs_of_a_session_is_named_as_the_cache_break()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        var responder = new CachingResponder(new PromptCacheSimulator(), Answer);
        await using var upstream = await ScriptedUpstream.StartAsync(responder.Respond, ct);
        await using var sandbox = new ToolSandbox();
        sandbox.WriteOriginalSettings();
        sandbox.Environment["HOME"] = Path.Combine(sandbox.Root, "claude-home");
        Directory.CreateDirectory(sandbox.Environment["HOME"]!);
        sandbox.Environment["CC_TRACER_CLAUDE"] = claude;
        sandbox.Environment["ANTHROPIC_API_KEY"] = ClaudeCli.ApiKey;

        var first = await RunAsync(sandbox, upstream.BaseUri, "-p", "say hello", "--model", FirstModel);
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = await RunAsync(sandbox, upstream.BaseUri, "-c", "-p", "say hello again", "--model", SecondModel);
        Assert.True(second.ExitCode == 0, second.ToString());

        try
        {
            var sessionId = Assert.Single(upstream.Requests.Select(r => r.Header("X-Claude-Code-Session-Id")).Where(id => id is not null).Distinct())!;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.PortText}/") };
            var calls = await MainCallsAsync(http, sessionId, count: 2, ct);

            // The simulated cache really missed, and the analysis names the cause.
            var switched = calls[^1];
            Assert.Equal(SecondModel, JsonModel(switched));
            Assert.Equal("miss", switched.GetProperty("cache").GetProperty("verdict").GetString());
            var cacheBreak = switched.GetProperty("cache").GetProperty("break");
            Assert.Equal("model", cacheBreak.GetProperty("at").GetString());
            Assert.Equal($"model changed from {FirstModel} to {SecondModel}", cacheBreak.GetProperty("detail").GetString());
            Assert.Equal(calls[^2].GetProperty("seq").GetInt64(), cacheBreak.GetProperty("compared_with_seq").GetInt64());
            Assert.Equal(0, switched.GetProperty("cache").GetProperty("read_tokens").GetInt64());
            Assert.Equal("Haiku 4.5", switched.GetProperty("cost").GetProperty("family").GetString());
        }
        finally
        {
            var stop = await TracedClaude.StopAsync(sandbox);
            Assert.True(stop.ExitCode == 0, stop.ToString());
        }
    }

    private static Task<ToolRun> RunAsync(ToolSandbox sandbox, Uri upstream, params string[] claudeArgs)
        => sandbox.RunAsync(["start", "--settings", sandbox.SettingsPath, "--upstream", upstream.ToString().TrimEnd('/'), "--port", sandbox.PortText, "--log-dir", sandbox.LogDirectory, "--", .. claudeArgs]);

    /// <summary>The main-loop calls of the session, once at least <paramref name="count"/> are analysed (records are written just after each response).</summary>
    private static async Task<JsonElement[]> MainCallsAsync(HttpClient http, string sessionId, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var analysis = JsonDocument.Parse(await http.GetStringAsync($"api/sessions/{sessionId}/analysis", ct));
            var calls = analysis.RootElement.GetProperty("calls").EnumerateArray().Where(c => c.GetProperty("thread_key").GetString() == "main").Select(c => c.Clone()).ToArray();
            if (calls.Length >= count && calls[^1].GetProperty("model").GetString() == SecondModel || DateTime.UtcNow > deadline)
            {
                Assert.True(calls.Length >= count, analysis.RootElement.GetRawText());
                return calls;
            }

            await Task.Delay(100, ct);
        }
    }

    private static string? JsonModel(JsonElement call) => call.GetProperty("model").GetString();

    private static IReadOnlyList<ScriptedEvent> Answer(ScriptedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var model = body.RootElement.TryGetProperty("model", out var m) ? m.GetString()! : FirstModel;
        return ScriptedClaudeSession.IsTitleCall(body.RootElement)
            ? new SseScript(model).Text("""{"title":"Say hello"}""", chunks: 2).Build()
            : new SseScript(model).Text("Hello from the scripted upstream.").Build();
    }
}
