using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.AspNetCore.Tests.Proxy;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Api;

/// <summary>The analysis and diff endpoints over calls that went through the real proxy to an upstream simulating the prompt cache.</summary>
public sealed class AnalysisEndpointTests
{
    private const string Session = "analysis-endpoint-session";

    [Fact]
    public async Task Analysis_names_a_changed_system_prompt_as_the_cache_break()
    {
        var ct = TestContext.Current.CancellationToken;
        var cache = new PromptCacheSimulator();
        await using var upstream = await ScriptedUpstream.StartAsync(new CachingResponder(cache).Respond, ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, ct);
        using var client = tracer.CreateClient();

        var first = RequestBodies.FirstTurn();
        var second = RequestBodies.AfterToolResult();
        var third = RequestBodies.WithSystemEdit(RequestBodies.NextTurn(second, "and again"), 2, "using your own judgment", "using your own careful judgment");
        foreach (var body in new[] { first, second, third })
        {
            await PostAsync(client, body, ct);
        }

        await tracer.WaitForResponseAsync(Session, ct, count: 3);
        using var analysis = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{Session}/analysis", ct));
        var calls = analysis.RootElement.GetProperty("calls").EnumerateArray().ToArray();
        Assert.Equal(["cold", "hit", "partial"], calls.Select(c => c.GetProperty("cache").GetProperty("verdict").GetString()));
        var cacheBreak = calls[2].GetProperty("cache").GetProperty("break");
        Assert.Equal("system", cacheBreak.GetProperty("at").GetString());
        Assert.StartsWith("system block 2 changed at character ", cacheBreak.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("careful", cacheBreak.GetProperty("diff").GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, calls[1].GetProperty("cache").GetProperty("break").ValueKind);

        // Each call carries the same thread object as /threads gives it.
        using var threads = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{Session}/threads", ct));
        var threadOf = threads.RootElement.GetProperty("calls").EnumerateArray().ToDictionary(c => c.GetProperty("exchange_id").GetString()!, c => c.GetProperty("thread").GetRawText());
        Assert.All(calls, c => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(threadOf[c.GetProperty("exchange_id").GetString()!]), JsonNode.Parse(c.GetProperty("thread").GetRawText()))));
        Assert.All(calls, c => Assert.Equal("main", c.GetProperty("thread").GetProperty("kind").GetString()));

        var session = analysis.RootElement.GetProperty("session");
        Assert.Equal(3, session.GetProperty("calls").GetInt32());
        Assert.Equal(calls.Sum(c => c.GetProperty("cache").GetProperty("read_tokens").GetInt64()), session.GetProperty("cache_read_tokens").GetInt64());
        Assert.True(session.GetProperty("cost_is_estimate").GetBoolean());

        // The context adds up to the real input tokens of the call.
        var context = calls[1].GetProperty("context");
        var usage = calls[1].GetProperty("usage");
        var real = usage.GetProperty("input_tokens").GetInt64() + usage.GetProperty("cache_read_tokens").GetInt64() + usage.GetProperty("cache_write_tokens").GetInt64();
        Assert.Equal(real, context.GetProperty("categories").EnumerateArray().Sum(c => c.GetProperty("tokens").GetInt64()));
        Assert.Contains(context.GetProperty("top_tool_results").EnumerateArray(), r => r.GetProperty("tool").GetString() == "Bash");

        var seqA = calls[1].GetProperty("seq").GetInt64();
        var seqB = calls[2].GetProperty("seq").GetInt64();
        using var diff = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{Session}/diff?a={seqA}&b={seqB}", ct));
        Assert.Equal("changed", diff.RootElement.GetProperty("system").EnumerateArray().ElementAt(2).GetProperty("status").GetString());
        Assert.Equal(["same", "same", "same", "same", "appended", "appended"], diff.RootElement.GetProperty("messages").GetProperty("items").EnumerateArray().Select(m => m.GetProperty("status").GetString()));
        Assert.Equal("system", diff.RootElement.GetProperty("first_cache_difference").GetProperty("at").GetString());
    }

    [Fact]
    public async Task Analysis_reads_only_new_records_and_the_live_feed_sends_each_call_s_analysis()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(new CachingResponder(new PromptCacheSimulator()).Respond, ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, ct);
        using var client = tracer.CreateClient();
        await PostAsync(client, RequestBodies.FirstTurn(), ct);
        await tracer.WaitForResponseAsync(Session, ct);
        using (var one = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{Session}/analysis", ct)))
        {
            Assert.Equal(1, one.RootElement.GetProperty("session").GetProperty("calls").GetInt32());
        }

        using var live = await client.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));

        // A call of a session nobody has looked at gets no analysis (it is never read in full for the feed); it comes first on the feed.
        await PostAsync(client, RequestBodies.FirstTurn(), ct, session: "unviewed-session");
        await tracer.WaitForResponseAsync("unviewed-session", ct);
        await PostAsync(client, RequestBodies.With(RequestBodies.AfterToolResult(), "model", "claude-haiku-4-5"), ct);

        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(ct);
            Assert.NotNull(line);
            if (line == "event: analysis")
            {
                data = (await reader.ReadLineAsync(ct))!["data: ".Length..];
            }
        }

        using var item = JsonDocument.Parse(data);
        Assert.Equal(Session, item.RootElement.GetProperty("session_id").GetString());
        Assert.Equal("model", item.RootElement.GetProperty("call").GetProperty("cache").GetProperty("break").GetProperty("at").GetString());
        Assert.Equal(2, item.RootElement.GetProperty("session").GetProperty("calls").GetInt32());

        // The cached analysis took the new call in, compared with the first.
        using var two = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{Session}/analysis?after={item.RootElement.GetProperty("call").GetProperty("seq").GetInt64()}", ct));
        var call = Assert.Single(two.RootElement.GetProperty("calls").EnumerateArray());
        Assert.Equal("miss", call.GetProperty("cache").GetProperty("verdict").GetString());
        Assert.Equal(2, two.RootElement.GetProperty("session").GetProperty("calls").GetInt32());
    }

    [Fact]
    public async Task Bad_or_unknown_input_gets_a_json_4xx()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(new CachingResponder(new PromptCacheSimulator()).Respond, ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, ct);
        using var client = tracer.CreateClient();
        await PostAsync(client, RequestBodies.FirstTurn(), ct);
        await tracer.WaitForResponseAsync(Session, ct);

        foreach (var (url, status) in new[]
        {
            ("/api/sessions/no-such-session/analysis", HttpStatusCode.NotFound),
            ($"/api/sessions/{Session}/analysis?after=x", HttpStatusCode.BadRequest),
            ($"/api/sessions/{Session}/diff?a=1", HttpStatusCode.BadRequest),
            ($"/api/sessions/{Session}/diff?a=1&b=-3", HttpStatusCode.BadRequest),
            ($"/api/sessions/{Session}/diff?a=1&b=999", HttpStatusCode.NotFound),
            ("/api/sessions/no-such-session/diff?a=1&b=2", HttpStatusCode.NotFound),
        })
        {
            using var response = await client.GetAsync(url, ct);
            Assert.Equal(status, response.StatusCode);
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetProperty("message").GetString()), url);
        }
    }

    internal static async Task PostAsync(HttpClient client, JsonObject body, CancellationToken ct, string session = Session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true") { Content = new ByteArrayContent(RequestBodies.Bytes(body)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Claude-Code-Session-Id", session);
        request.Headers.Add("x-api-key", "sk-ant-test-0000");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(ct);
    }
}
